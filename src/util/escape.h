// Text that is safe to print: names from archives, trees and manifests may
// hold control characters (a terminal obeys escape sequences) or bytes that
// are not UTF-8.
#ifndef PYCPACK_UTIL_ESCAPE_H_
#define PYCPACK_UTIL_ESCAPE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace pycpack {

// Whether |s| is well-formed UTF-8 (no surrogates, no overlong forms).
bool IsValidUtf8(std::string_view s);

// |s| with every byte that is not printable ASCII written as \xNN.
std::string EscapeBytes(std::string_view s);

// |s| with control characters (C0, DEL, C1) written as \xNN per byte, and
// bytes that are not part of valid UTF-8 too; other text (é, ✓) is kept.
std::string EscapeControls(std::string_view s);

// Whether |s| holds a control character (C0 including NUL, DEL or C1).
bool HasControlCharacter(std::string_view s);

}  // namespace pycpack

#endif  // PYCPACK_UTIL_ESCAPE_H_
