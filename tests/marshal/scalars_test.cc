// Numbers and text: one canonical spelling per value.
#include "marshal/scalars.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "marshal/layout.h"
#include "marshal/text.h"
#include "marshal_builder.h"
#include "test_util.h"

namespace pycpack::marshal_test {
namespace {

std::string Long(int32_t n, std::initializer_list<uint16_t> digits) {
  std::string s = "l" + U32(static_cast<uint32_t>(n));
  for (uint16_t d : digits) {
    s.push_back(static_cast<char>(d & 0xff));
    s.push_back(static_cast<char>(d >> 8));
  }
  return s;
}

std::string Int64(int64_t v) {
  return "I" + U32(static_cast<uint32_t>(v)) + U32(static_cast<uint32_t>(static_cast<uint64_t>(v) >> 32));
}

std::string BinaryFloat(double v) {
  std::string s = "g";
  marshal::AppendBinaryDouble(v, &s);
  return s;
}

TEST(IntTest, SmallLongsBecomeInt) {
  EXPECT_EQ(Canon(Long(1, {5})), Int(5));
  EXPECT_EQ(Canon(Long(-1, {5})), Int(-5));
  EXPECT_EQ(Canon(Long(0, {})), Int(0));
  // -2**31 fits in TYPE_INT; 2**31 does not.
  EXPECT_EQ(Canon(Long(-3, {0, 0, 2})), Int(INT32_MIN));
  EXPECT_EQ(Canon(Long(3, {0, 0, 2})), Long(3, {0, 0, 2}));
  EXPECT_EQ(Canon(Long(6, {1, 2, 3, 4, 5, 6})), Long(6, {1, 2, 3, 4, 5, 6}));
}

TEST(IntTest, Int64Form) {
  EXPECT_EQ(Canon(Int64(5)), Int(5));
  EXPECT_EQ(Canon(Int64(-1)), Int(-1));
  EXPECT_EQ(Canon(Int64(int64_t{1} << 40)), Long(3, {0, 0, 1024}));
  EXPECT_EQ(Canon(Int64(INT64_MIN)), Long(-5, {0, 0, 0, 0, 8}));
}

TEST(IntTest, EqualIntsInDifferentFormsAreShared) {
  EXPECT_EQ(Canon(Tuple({Int(7), Long(1, {7}), Int64(7)})), Tuple({Flag(Int(7)), Ref(0), Ref(0)}));
}

TEST(FloatTest, TextFormsBecomeBinary) {
  EXPECT_EQ(Canon("f\x03" "1.5"), BinaryFloat(1.5));
  EXPECT_EQ(Canon("f\x04-inf"), BinaryFloat(-INFINITY));
  EXPECT_EQ(Canon("f\x06" "1e+100"), BinaryFloat(1e100));
  EXPECT_EQ(Canon("x\x01" "1\x04-0.5"), "y" + BinaryFloat(1).substr(1) + BinaryFloat(-0.5).substr(1));
  const std::string nan = Canon("f\x03nan");
  ASSERT_EQ(nan.size(), 9u);
  double v = 0;
  std::memcpy(&v, nan.data() + 1, 8);
  EXPECT_TRUE(std::isnan(v));
}

TEST(FloatTest, BinaryFormsKeptBitForBit) {
  const std::string nan_payload = "g\x01\x02\x03\x04\x05\x06\xf8\x7f";
  EXPECT_EQ(Canon(nan_payload), nan_payload);
  EXPECT_EQ(Canon(BinaryFloat(-0.0)), BinaryFloat(-0.0));
}

TEST(TextTest, Utf8WithSurrogates) {
  size_t bad = 0;
  EXPECT_TRUE(marshal::IsUtf8Surrogatepass("", &bad));
  EXPECT_TRUE(marshal::IsUtf8Surrogatepass("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", &bad));
  EXPECT_TRUE(marshal::IsUtf8Surrogatepass("\xed\xa0\x80\xed\xbf\xbf", &bad));
  EXPECT_FALSE(marshal::IsUtf8Surrogatepass("ab\xc0\x80", &bad));  // overlong NUL
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(marshal::IsUtf8Surrogatepass("\xe0\x80\x80", &bad));  // overlong
  EXPECT_FALSE(marshal::IsUtf8Surrogatepass("\xf4\x90\x80\x80", &bad));  // > U+10FFFF
  EXPECT_FALSE(marshal::IsUtf8Surrogatepass("x\xe2\x82", &bad));  // truncated
  EXPECT_EQ(bad, 1u);
  EXPECT_FALSE(marshal::IsUtf8Surrogatepass("\x80", &bad));
  EXPECT_FALSE(marshal::IsUtf8Surrogatepass("\xff", &bad));
}

TEST(TextTest, Latin1AndNameChars) {
  EXPECT_EQ(marshal::Latin1ToUtf8("a\xe9\xff"), "a\xc3\xa9\xc3\xbf");
  EXPECT_TRUE(marshal::IsAllNameChars(""));
  EXPECT_TRUE(marshal::IsAllNameChars("_Ab9"));
  EXPECT_FALSE(marshal::IsAllNameChars("a.b"));
  EXPECT_FALSE(marshal::IsAllNameChars("<module>"));
  EXPECT_FALSE(marshal::IsAllNameChars("caf\xc3\xa9"));
}

}  // namespace
}  // namespace pycpack::marshal_test
