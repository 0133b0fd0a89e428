// Checks on raw source bytes made before they reach the interpreter, so the
// answer is the same whatever Python version compiles them.
#ifndef PYCPACK_COMPILE_SOURCE_CHECKS_H_
#define PYCPACK_COMPILE_SOURCE_CHECKS_H_

#include <optional>
#include <string_view>

#include "pycpack/compiler.h"

namespace pycpack {

// The diagnostic for the first NUL byte in |source|, or nullopt if there is
// none: kind "SyntaxError", message "source code cannot contain null bytes"
// (CPython 3.12+'s wording; older versions raise ValueError and none give a
// position). |line| is 1-based, counting "\n", "\r\n" and a lone "\r" as
// line ends, as the tokenizer does. |col| is the 1-based byte offset within
// that line; a UTF-8 byte order mark at the start of the file is not
// counted.
std::optional<Diagnostic> FindNulByte(std::string_view source);

}  // namespace pycpack

#endif  // PYCPACK_COMPILE_SOURCE_CHECKS_H_
