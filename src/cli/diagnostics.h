// How a build shows diagnostics to people.
#ifndef PYCPACK_CLI_DIAGNOSTICS_H_
#define PYCPACK_CLI_DIAGNOSTICS_H_

#include <string>

#include "cli/build.h"

namespace pycpack {

// |path| relative to env.cwd when it lies below it, else unchanged.
std::string ShownPath(const BuildEnv& env, const std::string& path);

// Prints "path:line:col: Kind: message" (warnings: "path:line:col: warning:
// Kind: message") to env.log; line and col are 0 when unknown. Warnings are
// not printed when quiet.
void PrintDiagnostic(const BuildEnv& env, const BuildOptions& opt,
                     const DiagnosticReport& d);

}  // namespace pycpack

#endif  // PYCPACK_CLI_DIAGNOSTICS_H_
