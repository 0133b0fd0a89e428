// Canonical encodings of numbers (see "Numbers" in docs/canonical-pyc.md).
#ifndef PYCPACK_MARSHAL_SCALARS_H_
#define PYCPACK_MARSHAL_SCALARS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace pycpack::marshal {

// A canonical scalar: the type code and the bytes that follow it.
struct ScalarEncoding {
  uint8_t type = 0;
  std::string body;
};

// The int |v|: TYPE_INT if it fits in 32 bits (signed), else TYPE_LONG.
ScalarEncoding CanonicalInt(int64_t v);

// The int written as TYPE_LONG with |digits| (base 2**15, least significant
// first), negative if |negative|. REQUIRES: digits non-empty, each < 2**15,
// the last one non-zero.
ScalarEncoding CanonicalLong(bool negative, std::span<const uint16_t> digits);

// Parses the decimal text of TYPE_FLOAT or one part of TYPE_COMPLEX (as
// written by repr(): "1.5", "-inf", "nan", "1e+100"). Returns false if the
// text is not a number in double range.
bool ParseFloatText(std::string_view text, double* out);

// Appends |v| as 8 bytes, IEEE 754 binary64, little endian (TYPE_BINARY_FLOAT).
void AppendBinaryDouble(double v, std::string* out);

}  // namespace pycpack::marshal

#endif  // PYCPACK_MARSHAL_SCALARS_H_
