// Shared checks for the marshal tests.
#ifndef PYCPACK_TESTS_MARSHAL_TEST_UTIL_H_
#define PYCPACK_TESTS_MARSHAL_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "marshal/canonical.h"
#include "marshal_builder.h"

namespace pycpack::marshal_test {

// CanonicalizeMarshal(in, magic), expected to succeed; also checks that the
// result is a fixed point (canonicalising it again changes nothing).
inline std::string Canon(std::string_view in, uint16_t magic = kMagic312) {
  Result<std::string> out = CanonicalizeMarshal(in, magic);
  EXPECT_TRUE(out.ok()) << out.status().message();
  if (!out.ok()) return "";
  Result<std::string> again = CanonicalizeMarshal(out.value(), magic);
  EXPECT_TRUE(again.ok()) << again.status().message();
  if (again.ok()) {
    EXPECT_EQ(again.value(), out.value()) << "canonical form is not a fixed point";
  }
  return out.value();
}

// The error message of CanonicalizeMarshal(in, magic), expected to fail.
inline std::string CanonError(std::string_view in, uint16_t magic = kMagic312) {
  Result<std::string> out = CanonicalizeMarshal(in, magic);
  EXPECT_FALSE(out.ok()) << "unexpectedly accepted";
  return out.ok() ? "" : out.status().message();
}

// Whether |out| holds the str |s| written with |type| (FLAG_REF or not).
inline bool HasStr(std::string_view out, std::string_view s, char type) {
  const std::string plain = Str(s, type);
  return out.find(plain) != std::string_view::npos ||
         out.find(Flag(plain)) != std::string_view::npos;
}

// How many times |needle| occurs in |hay|.
inline int Count(std::string_view hay, std::string_view needle) {
  int n = 0;
  for (size_t p = hay.find(needle); p != std::string_view::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace pycpack::marshal_test

#endif  // PYCPACK_TESTS_MARSHAL_TEST_UTIL_H_
