// How a build names source files in diagnostics.
#ifndef PYCPACK_BUILD_SHOWN_PATH_H_
#define PYCPACK_BUILD_SHOWN_PATH_H_

#include <string>

#include "build/build.h"

namespace pycpack {

// |path| relative to env.cwd when it lies below it, else unchanged.
std::string ShownPath(const BuildEnv& env, const std::string& path);

}  // namespace pycpack

#endif  // PYCPACK_BUILD_DIAGNOSTICS_H_
