// Malformed and unsupported input: clear errors with offsets, no crashes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "marshal/canonical.h"
#include "marshal_builder.h"
#include "test_util.h"

namespace pycpack::marshal_test {
namespace {

using ::testing::HasSubstr;

TEST(MalformedTest, Truncated) {
  EXPECT_THAT(CanonError(""), HasSubstr("offset 0: truncated data: an object was expected"));
  EXPECT_THAT(CanonError("i\x01\x02"), HasSubstr("offset 1: truncated int: needs 4 bytes, 2 left"));
  EXPECT_THAT(CanonError(Tuple({Int(1), Int(2)}).substr(0, 8)), HasSubstr("offset 8: truncated"));
  EXPECT_THAT(CanonError("s" + U32(10) + "abc"), HasSubstr("offset 5: truncated bytes"));
}

TEST(MalformedTest, AbsurdSizesFailBeforeAllocating) {
  EXPECT_THAT(CanonError("s" + U32(0x7fffffff)), HasSubstr("needs 2147483647 bytes, 0 left"));
  EXPECT_THAT(CanonError("(" + U32(0x7fffffff) + "N"),
              HasSubstr("offset 5: truncated data: 2147483647 items cannot fit in 1 bytes"));
  EXPECT_THAT(CanonError("u" + U32(0xffffffff)), HasSubstr("offset 1: negative str size -1"));
  EXPECT_THAT(CanonError(">" + U32(0x80000000)), HasSubstr("negative set size"));
  EXPECT_THAT(CanonError("l" + U32(0x7fffffff)), HasSubstr("truncated int digits"));
}

TEST(MalformedTest, BadTypeCodes) {
  EXPECT_THAT(CanonError("Q"), HasSubstr("offset 0: unknown type code 0x51"));
  EXPECT_THAT(CanonError(Tuple({Int(1), "?"})), HasSubstr("offset 7: unknown type code 0x3f"));
  EXPECT_THAT(CanonError("0"), HasSubstr("NULL object"));
  EXPECT_THAT(CanonError("[" + U32(0)), HasSubstr("unsupported type: list"));
  EXPECT_THAT(CanonError("{0"), HasSubstr("unsupported type: dict"));
  EXPECT_THAT(CanonError(":NNN"), HasSubstr("unsupported type: slice"));
}

TEST(MalformedTest, BadReferences) {
  EXPECT_THAT(CanonError(Tuple({Flag(Int(1)), Ref(1)})),
              HasSubstr("offset 7: invalid reference 1 (1 objects flagged so far)"));
  EXPECT_THAT(CanonError(Tuple({Ref(0xffffffff)})), HasSubstr("invalid reference -1"));
  // A tuple containing itself.
  EXPECT_THAT(CanonError(Flag(Tuple({Ref(0)}))),
              HasSubstr("offset 2: reference 0 to an object that is still being read"));
}

TEST(MalformedTest, TrailingBytes) {
  EXPECT_THAT(CanonError(Int(1) + "NN"), HasSubstr("offset 5: 2 trailing bytes after the object"));
}

TEST(MalformedTest, BadNumbersAndText) {
  EXPECT_THAT(CanonError("l" + U32(1) + std::string("\x00\x00", 2)),
              HasSubstr("offset 5: unnormalized int"));
  EXPECT_THAT(CanonError("l" + U32(1) + std::string("\x00\x80", 2)), HasSubstr("int digit out of range"));
  EXPECT_THAT(CanonError("l" + U32(0x80000000)), HasSubstr("int size out of range"));
  EXPECT_THAT(CanonError("f\x03" "abc"), HasSubstr("offset 2: float text is not a number"));
  EXPECT_THAT(CanonError(Str("ab\xc0\x80", 'u')), HasSubstr("offset 7: invalid UTF-8 in str"));
  EXPECT_THAT(CanonError(Str("\xf4\x90\x80\x80", 'u')), HasSubstr("invalid UTF-8"));
}

TEST(MalformedTest, RecursionTooDeep) {
  std::string deep;
  for (int i = 0; i < 2500; ++i) deep += ")\x01";
  deep += "N";
  EXPECT_THAT(CanonError(deep), HasSubstr("offset 4000: objects nested deeper than 2000 levels"));
}

TEST(MalformedTest, NestingLimitBoundary) {
  auto chain = [](int levels, const std::string& leaf) {
    std::string s;
    for (int i = 0; i < levels; ++i) s += ")\x01";
    return s + leaf;
  };
  EXPECT_EQ(Canon(chain(1999, "N")), chain(1999, "N"));
  EXPECT_THAT(CanonError(chain(2000, "N")), HasSubstr("nested deeper than 2000 levels"));
  // Sorting a frozenset of two deep, nearly equal items recurses to the bottom.
  const std::string set = ">" + U32(2) + chain(1997, Int(2)) + chain(1997, Int(1));
  EXPECT_EQ(Canon(set), ">" + U32(2) + chain(1997, Int(1)) + chain(1997, Int(2)));
}

TEST(MalformedTest, NestingThroughReferencesIsBounded) {
  // A: 1500 nested tuples. B: 1000 nested tuples around a reference to A.
  // Neither is deeper than 2000 as read, but B holds a 2500-level graph.
  std::string a = Flag(Tuple({}, ')'));
  a = a.substr(0, 1) + "\x01";
  for (int i = 1; i < 1500; ++i) a += ")\x01";
  a += "N";
  std::string b;
  for (int i = 0; i < 1000; ++i) b += ")\x01";
  b += Ref(0);
  EXPECT_THAT(CanonError(")\x02" + a + b), HasSubstr("counting through references"));
}

TEST(MalformedTest, CodeFieldTypes) {
  CodeParts p;
  p.names = Tuple({Int(1)});
  EXPECT_THAT(CanonError(Code311(p)), HasSubstr("co_names must hold only str, not a int"));
  p = CodeParts();
  p.code = Str("not bytes");
  EXPECT_THAT(CanonError(Code311(p)), HasSubstr("offset 21: co_code must be a bytes, not a str"));
  p = CodeParts();
  p.filename = None();
  EXPECT_THAT(CanonError(Code38(p), kMagic38), HasSubstr("co_filename must be a str"));
}

TEST(MalformedTest, Magic) {
  EXPECT_THAT(CanonError(Int(1), 1234), HasSubstr("unknown magic number 1234 (supported: 3.8 3410-3413"));
  EXPECT_THAT(CanonError(Int(1), 3460), HasSubstr("pre-release of Python 3.11"));
  // Between 3.14 (3600-3627) and 3.15 (3650-3666).
  EXPECT_THAT(CanonError(Int(1), 3640), HasSubstr("unknown magic number 3640 (supported: "));
  EXPECT_THAT(CanonError(Int(1), 3700), HasSubstr("magic number 3700 is newer than"));
}

TEST(MalformedTest, PycHeader) {
  Result<std::string> r = CanonicalizePyc("abc");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("pyc of 3 bytes is shorter than its 16-byte header"));
  const std::string header = U32(3531 | (0x0a0d << 16)) + std::string(12, '\0');
  r = CanonicalizePyc("\xcb\x0d\r\x00" + std::string(12, '\0') + "N");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("magic number does not end in \\r\\n"));
  // Offsets count from the start of the file.
  r = CanonicalizePyc(header + Tuple({Int(1), "?"}));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("offset 23: unknown type code"));
  EXPECT_FALSE(IsCanonicalPyc(header + "?").ok());
}

// Every truncation and every single-byte change of a valid stream is either
// accepted (and then canonicalises to a fixed point) or rejected cleanly.
TEST(MalformedTest, MutationsNeverCrash) {
  CodeParts inner;
  inner.name = Str("f");
  inner.consts = Tuple({FrozenSet({Str("a"), Int(70000), "g" + std::string(8, '\x01')}), None()});
  CodeParts outer;
  outer.consts = Tuple({Flag(Code311(inner)), Ref(0), Str("doc", 'u'), "l" + U32(1) + std::string("\x05\x00", 2)});
  outer.names = Tuple({Str("f", 'Z'), Str("caf\xc3\xa9", 't')});
  const std::string valid = Code311(outer);
  Result<std::string> base = CanonicalizeMarshal(valid, kMagic312);
  ASSERT_TRUE(base.ok()) << base.status().message();
  for (size_t n = 0; n < valid.size(); ++n) {
    EXPECT_FALSE(CanonicalizeMarshal(valid.substr(0, n), kMagic312).ok()) << n;
  }
  int accepted = 0;
  for (size_t i = 0; i < valid.size(); ++i) {
    for (int x : {0x01, 0x80, 0xff}) {
      std::string m = valid;
      m[i] = static_cast<char>(m[i] ^ x);
      Result<std::string> out = CanonicalizeMarshal(m, kMagic312);
      if (!out.ok()) continue;
      ++accepted;
      Result<std::string> again = CanonicalizeMarshal(out.value(), kMagic312);
      ASSERT_TRUE(again.ok()) << i;
      EXPECT_EQ(again.value(), out.value()) << i;
    }
  }
  EXPECT_GT(accepted, 0);
}

}  // namespace
}  // namespace pycpack::marshal_test
