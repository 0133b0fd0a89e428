// The version of pycpack (CMake's PROJECT_VERSION, the one place it is set).
#ifndef PYCPACK_BUILD_VERSION_H_
#define PYCPACK_BUILD_VERSION_H_

#include <string>

namespace pycpack {

// "0.1.0".
std::string PycpackVersion();

}  // namespace pycpack

#endif  // PYCPACK_BUILD_VERSION_H_
