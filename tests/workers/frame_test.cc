#include "workers/frame.h"

#include <unistd.h>

#include <gtest/gtest.h>

namespace pycpack {
namespace {

TEST(FrameTest, RequestRoundTrip) {
  CompileRequest r{std::string("x = 1\n\0tail", 11), "pkg/mod.py", 2, true,
                   Invalidation::kUncheckedHash};
  Result<std::pair<uint64_t, CompileRequest>> d = DecodeRequest(EncodeRequest(77, r));
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->first, 77u);
  EXPECT_EQ(d->second.source, r.source);
  EXPECT_EQ(d->second.dfile, "pkg/mod.py");
  EXPECT_EQ(d->second.optimize, 2);
  EXPECT_TRUE(d->second.strip_docstrings);
  EXPECT_EQ(d->second.invalidation, Invalidation::kUncheckedHash);
}

TEST(FrameTest, ResultRoundTripWithPycAndWarnings) {
  CompileResult r;
  r.pyc = std::string("\xa7\r\r\n\3\0\0\0", 8);
  r.warnings.push_back({"SyntaxWarning", "is with a literal", 5, 0});
  r.warnings.push_back({"DeprecationWarning", "bad escape", -1, 3});
  Result<std::pair<uint64_t, CompileResult>> d = DecodeResult(EncodeResult(9, r));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->first, 9u);
  EXPECT_EQ(*d->second.pyc, *r.pyc);
  ASSERT_EQ(d->second.warnings.size(), 2u);
  EXPECT_EQ(d->second.warnings[1].kind, "DeprecationWarning");
  EXPECT_EQ(d->second.warnings[1].line, -1);
  EXPECT_EQ(d->second.warnings[1].col, 3);
}

TEST(FrameTest, ResultRoundTripWithError) {
  CompileResult r;
  r.error = {"SyntaxError", "invalid syntax", 7, 12};
  Result<std::pair<uint64_t, CompileResult>> d = DecodeResult(EncodeResult(1, r));
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->second.pyc.has_value());
  EXPECT_EQ(d->second.error.message, "invalid syntax");
  EXPECT_EQ(d->second.error.line, 7);
}

TEST(FrameTest, TruncatedAndTrailingPayloadsAreErrors) {
  std::string req = EncodeRequest(1, CompileRequest{"abc", "m.py", 0, false,
                                                    Invalidation::kCheckedHash});
  for (size_t n = 0; n < req.size(); ++n) {
    EXPECT_FALSE(DecodeRequest(req.substr(0, n)).ok()) << n;
  }
  EXPECT_FALSE(DecodeRequest(req + "x").ok());
  CompileResult r;
  r.pyc = "p";
  std::string res = EncodeResult(1, r);
  EXPECT_FALSE(DecodeResult(res.substr(0, res.size() - 1)).ok());
  // A warning count far beyond the payload does not allocate wildly.
  std::string huge = res.substr(0, res.size() - 4) + std::string("\xff\xff\xff\x7f", 4);
  EXPECT_FALSE(DecodeResult(huge).ok());
}

TEST(FrameTest, FramesOverAPipe) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  ASSERT_TRUE(WriteFrame(p[1], "hello").ok());
  ASSERT_TRUE(WriteFrame(p[1], "").ok());
  close(p[1]);
  Result<std::optional<std::string>> a = ReadFrame(p[0]);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(**a, "hello");
  Result<std::optional<std::string>> b = ReadFrame(p[0]);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(**b, "");
  Result<std::optional<std::string>> eof = ReadFrame(p[0]);
  ASSERT_TRUE(eof.ok());
  EXPECT_FALSE(eof->has_value());
  close(p[0]);
}

TEST(FrameTest, FrameCutShortIsAnError) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  ASSERT_EQ(write(p[1], "\x0a\0\0\0abc", 7), 7);
  close(p[1]);
  EXPECT_FALSE(ReadFrame(p[0]).ok());
  close(p[0]);
}

}  // namespace
}  // namespace pycpack
