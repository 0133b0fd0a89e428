#include "marshal/scalars.h"

#include <bit>
#include <charconv>
#include <cstring>

#include "marshal/marshal_format.h"

namespace pycpack::marshal {
namespace {

void PutDigit(std::string* out, uint16_t d) {
  out->push_back(static_cast<char>(d & 0xff));
  out->push_back(static_cast<char>(d >> 8));
}

}  // namespace

ScalarEncoding CanonicalInt(int64_t v) {
  ScalarEncoding e;
  if (v >= INT32_MIN && v <= INT32_MAX) {
    e.type = kTypeInt;
    PutU32(&e.body, static_cast<uint32_t>(static_cast<int32_t>(v)));
    return e;
  }
  // Magnitude as unsigned so that INT64_MIN has one.
  uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string digits;
  int32_t count = 0;
  while (mag != 0) {
    PutDigit(&digits, static_cast<uint16_t>(mag & 0x7fff));
    mag >>= 15;
    ++count;
  }
  e.type = kTypeLong;
  PutU32(&e.body, static_cast<uint32_t>(v < 0 ? -count : count));
  e.body += digits;
  return e;
}

ScalarEncoding CanonicalLong(bool negative, std::span<const uint16_t> digits) {
  // Up to 4 digits (60 bits) fit in an int64; CanonicalInt then picks the form.
  if (digits.size() <= 4) {
    int64_t mag = 0;
    for (size_t i = digits.size(); i-- > 0;) mag = (mag << 15) | digits[i];
    return CanonicalInt(negative ? -mag : mag);
  }
  ScalarEncoding e;
  e.type = kTypeLong;
  const int32_t n = static_cast<int32_t>(digits.size());
  PutU32(&e.body, static_cast<uint32_t>(negative ? -n : n));
  for (uint16_t d : digits) PutDigit(&e.body, d);
  return e;
}

bool ParseFloatText(std::string_view text, double* out) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  // from_chars rejects a leading '+', which repr() never writes anyway.
  auto [ptr, ec] = std::from_chars(begin, end, *out, std::chars_format::general);
  return ec == std::errc() && ptr == end && !text.empty();
}

void AppendBinaryDouble(double v, std::string* out) {
  static_assert(sizeof(double) == 8);
  const uint64_t bits = std::bit_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
}

}  // namespace pycpack::marshal
