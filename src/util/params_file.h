// Bazel's params files: an argument "@path" stands for the lines of that
// file ("multiline" format: one argument per line, a '\r' before the
// newline dropped). Bazel expands them itself for a persistent worker, and
// leaves them to the tool when it runs it once.
#ifndef PYCPACK_UTIL_PARAMS_FILE_H_
#define PYCPACK_UTIL_PARAMS_FILE_H_

#include <functional>
#include <string>
#include <vector>

#include "pycpack/status.h"

namespace pycpack {

// Reads a params file and returns its text.
using ReadParamsFn = std::function<Result<std::string>(const std::string& path)>;

// |args| with every argument "@path" (longer than "@") replaced by the
// lines of that file; params files do not nest. Fails with a UsageError
// naming the argument when |read| fails.
Result<std::vector<std::string>> ExpandParamsFiles(const std::vector<std::string>& args,
                                                   const ReadParamsFn& read);

}  // namespace pycpack

#endif  // PYCPACK_UTIL_PARAMS_FILE_H_
