// How a compile diagnostic reads in a terminal, a log or a Bazel worker
// response: "path:line:col: Kind: message", the one format every front end
// prints.
#ifndef PYCPACK_COMPILE_DIAGNOSTIC_TEXT_H_
#define PYCPACK_COMPILE_DIAGNOSTIC_TEXT_H_

#include <string>

#include "pycpack/compiler.h"

namespace pycpack {

// "path:line:col: Kind: message" for an error, "path:line:col: warning:
// Kind: message" otherwise; the position is left out when line is 0
// (encoding errors and the like have none). No newline.
std::string FormatDiagnostic(const std::string& path, const Diagnostic& d, bool error);

}  // namespace pycpack

#endif  // PYCPACK_COMPILE_DIAGNOSTIC_TEXT_H_
