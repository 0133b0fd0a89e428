// Type codes of CPython's marshal format (Python/marshal.c; version 4 as
// written by CPython 3.8 to 3.13, 5 by 3.14, 6 by 3.15), as far as they can
// occur in a .pyc. See docs/canonical-pyc.md.
#ifndef PYCPACK_MARSHAL_MARSHAL_FORMAT_H_
#define PYCPACK_MARSHAL_MARSHAL_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pycpack::marshal {

// A type byte is one of these codes, optionally or'ed with kFlagRef.
inline constexpr uint8_t kFlagRef = 0x80;

inline constexpr uint8_t kTypeNull = '0';
inline constexpr uint8_t kTypeNone = 'N';
inline constexpr uint8_t kTypeFalse = 'F';
inline constexpr uint8_t kTypeTrue = 'T';
inline constexpr uint8_t kTypeStopIter = 'S';
inline constexpr uint8_t kTypeEllipsis = '.';
inline constexpr uint8_t kTypeInt = 'i';
inline constexpr uint8_t kTypeInt64 = 'I';
inline constexpr uint8_t kTypeFloat = 'f';
inline constexpr uint8_t kTypeBinaryFloat = 'g';
inline constexpr uint8_t kTypeComplex = 'x';
inline constexpr uint8_t kTypeBinaryComplex = 'y';
inline constexpr uint8_t kTypeLong = 'l';
inline constexpr uint8_t kTypeString = 's';  // bytes
inline constexpr uint8_t kTypeInterned = 't';
inline constexpr uint8_t kTypeRef = 'r';
inline constexpr uint8_t kTypeTuple = '(';
inline constexpr uint8_t kTypeList = '[';
inline constexpr uint8_t kTypeDict = '{';
inline constexpr uint8_t kTypeCode = 'c';
inline constexpr uint8_t kTypeUnicode = 'u';
inline constexpr uint8_t kTypeUnknown = '?';
inline constexpr uint8_t kTypeSet = '<';
inline constexpr uint8_t kTypeFrozenSet = '>';
inline constexpr uint8_t kTypeAscii = 'a';
inline constexpr uint8_t kTypeAsciiInterned = 'A';
inline constexpr uint8_t kTypeSmallTuple = ')';
inline constexpr uint8_t kTypeShortAscii = 'z';
inline constexpr uint8_t kTypeShortAsciiInterned = 'Z';
inline constexpr uint8_t kTypeSlice = ':';       // marshal version 5 (3.14+)
inline constexpr uint8_t kTypeFrozenDict = '}';  // marshal version 6 (3.15+)

// The marshal version that introduced slices (CodeLayout::marshal_version).
inline constexpr int kSliceMarshalVersion = 5;

// Nesting limit of the object graph, counted through references. CPython's
// reader stops at 2000 levels of nesting (MAX_MARSHAL_STACK_DEPTH).
inline constexpr int kMaxNesting = 2000;

// Appends |v| as 4 bytes, little endian.
inline void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// Reads 4 bytes at |p|, little endian. REQUIRES: 4 readable bytes.
inline uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

}  // namespace pycpack::marshal

#endif  // PYCPACK_MARSHAL_MARSHAL_FORMAT_H_
