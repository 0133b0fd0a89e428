// Byte-level checks and conversions for marshalled strings.
#ifndef PYCPACK_MARSHAL_TEXT_H_
#define PYCPACK_MARSHAL_TEXT_H_

#include <string>
#include <string_view>

namespace pycpack::marshal {

// True if every byte is below 0x80.
bool IsAscii(std::string_view s);

// True if |s| is what CPython's UTF-8 codec with the "surrogatepass" error
// handler accepts: well-formed UTF-8 (no overlong forms, nothing above
// U+10FFFF), where the code points U+D800-U+DFFF are allowed as three-byte
// sequences. On failure, *bad_at is the index of the offending sequence.
bool IsUtf8Surrogatepass(std::string_view s, size_t* bad_at);

// Each byte as the code point of the same value, encoded as UTF-8 (how
// CPython reads the ASCII string types if a byte is 0x80 or above).
std::string Latin1ToUtf8(std::string_view s);

}  // namespace pycpack::marshal

#endif  // PYCPACK_MARSHAL_TEXT_H_
