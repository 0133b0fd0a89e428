#include "util/escape.h"

#include <gtest/gtest.h>

namespace pycpack {
namespace {

TEST(EscapeTest, ControlsAreEscapedTextIsKept) {
  EXPECT_EQ(EscapeControls("caf\xc3\xa9 \xe2\x9c\x93"), "caf\xc3\xa9 \xe2\x9c\x93");
  EXPECT_EQ(EscapeControls("a\x1b[2Jb\x07"), "a\\x1b[2Jb\\x07");
  EXPECT_EQ(EscapeControls(std::string("nul\0x", 5)), "nul\\x00x");
  EXPECT_EQ(EscapeControls("del\x7f"), "del\\x7f");
  EXPECT_EQ(EscapeControls("c1\xc2\x9b"), "c1\\xc2\\x9b");  // U+009B, a one-byte CSI
  EXPECT_EQ(EscapeControls("bad\xff"), "bad\\xff");
}

TEST(EscapeTest, HasControlCharacter) {
  EXPECT_FALSE(HasControlCharacter("src/app \xc3\xa9"));
  EXPECT_TRUE(HasControlCharacter(std::string("src\0x", 5)));
  EXPECT_TRUE(HasControlCharacter("out\nput"));
  EXPECT_TRUE(HasControlCharacter("x\xc2\x85"));  // NEL
}

TEST(EscapeTest, BytesAndUtf8) {
  EXPECT_EQ(EscapeBytes("a\xc3\xa9"), "a\\xc3\\xa9");
  EXPECT_TRUE(IsValidUtf8("\xc3\xa9"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));     // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
}

}  // namespace
}  // namespace pycpack
