#include "compile/source_checks.h"

#include <gtest/gtest.h>

#include <string>

namespace pycpack {
namespace {

using std::string_literals::operator""s;

Diagnostic NulAt(const std::string& source) {
  std::optional<Diagnostic> d = FindNulByte(source);
  EXPECT_TRUE(d.has_value()) << "no NUL found";
  return d.value_or(Diagnostic{});
}

TEST(FindNulByteTest, NoneInCleanSource) {
  EXPECT_FALSE(FindNulByte("x = 1\n").has_value());
  EXPECT_FALSE(FindNulByte("").has_value());
}

TEST(FindNulByteTest, KindAndMessage) {
  Diagnostic d = NulAt("x\0"s);
  EXPECT_EQ(d.kind, "SyntaxError");
  EXPECT_EQ(d.message, "source code cannot contain null bytes");
}

TEST(FindNulByteTest, LineAndColumn) {
  Diagnostic d = NulAt("\0"s);
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.col, 1);
  d = NulAt("x = 1\ny = 'ab\0'\n\0"s);  // the first one counts
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.col, 8);
}

TEST(FindNulByteTest, CountsCrLfAndLoneCrAsOneLineEnd) {
  Diagnostic d = NulAt("a\r\nb\rc\n\r\nxy\0"s);
  EXPECT_EQ(d.line, 5);
  EXPECT_EQ(d.col, 3);
}

TEST(FindNulByteTest, ByteOrderMarkIsNotAColumn) {
  Diagnostic d = NulAt("\xef\xbb\xbfx\0"s);
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.col, 2);
}

}  // namespace
}  // namespace pycpack
