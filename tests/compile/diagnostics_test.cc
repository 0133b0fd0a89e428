// What the embedded compiler reports for sources that fail to compile or
// that warn: a CompileResult, never a non-ok Status.
#include <gtest/gtest.h>

#include <string>

#include "pycpack/compiler.h"
#include "test_util.h"

namespace pycpack {
namespace {

using std::string_literals::operator""s;
using testutil::Embedded;
using testutil::MustCompile;

Diagnostic ErrorOf(const std::string& source) {
  CompileResult result = MustCompile({.source = source, .dfile = "bad.py"});
  EXPECT_FALSE(result.pyc.has_value()) << "compiled: " << source;
  return result.error;
}

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

TEST(DiagnosticsTest, SyntaxErrorWithPosition) {
  Diagnostic d = ErrorOf("x = 1\ndef f(:\n  pass\n");
  EXPECT_EQ(d.kind, "SyntaxError");
  EXPECT_EQ(d.message, "invalid syntax");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.col, 7);
}

TEST(DiagnosticsTest, IndentationAndTabErrorsKeepTheirClass) {
  Diagnostic d = ErrorOf("if 1:\n  x\n   y\n");
  EXPECT_EQ(d.kind, "IndentationError");
  EXPECT_EQ(d.message, "unexpected indent");
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.col, 3);
  d = ErrorOf("if 1:\n\tx\n        y\n");
  EXPECT_EQ(d.kind, "TabError");
  EXPECT_EQ(d.message, "inconsistent use of tabs and spaces in indentation");
  EXPECT_EQ(d.line, 3);
}

TEST(DiagnosticsTest, UnknownCodingCookie) {
  Diagnostic d = ErrorOf("# -*- coding: klingon -*-\nx = 1\n");
  EXPECT_EQ(d.kind, "SyntaxError");
  EXPECT_EQ(d.message, "unknown encoding: klingon");
  EXPECT_EQ(d.col, 0);  // CPython gives -1: unknown
}

TEST(DiagnosticsTest, CookieContradictingBom) {
  Diagnostic d = ErrorOf("\xef\xbb\xbf# coding: latin-1\nx = 1\n");
  EXPECT_EQ(d.kind, "SyntaxError");
  EXPECT_NE(d.message.find("with BOM"), std::string::npos) << d.message;
}

TEST(DiagnosticsTest, UndecodableBytes) {
  Diagnostic d = ErrorOf("x = 1\ny = \"\xff\xfe\"\n");
  EXPECT_EQ(d.kind, "SyntaxError");
  EXPECT_TRUE(StartsWith(d.message,
                         "(unicode error) 'utf-8' codec can't decode byte "
                         "0xff"))
      << d.message;
  EXPECT_EQ(d.line, 2);
  EXPECT_GT(d.col, 0);
}

TEST(DiagnosticsTest, NulByteIsTheSameSyntaxErrorOnEveryVersion) {
  Diagnostic d = ErrorOf("x = 1\ny = 'ab\0'\n"s);
  EXPECT_EQ(d.kind, "SyntaxError");
  EXPECT_EQ(d.message, "source code cannot contain null bytes");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.col, 8);
}

TEST(DiagnosticsTest, OtherExceptionsKeepClassAndMessage) {
  // The parser runs out of stack: MemoryError on every version 3.8+.
  Diagnostic d = ErrorOf("x = " + std::string(200000, '-') + "1\n");
  EXPECT_EQ(d.kind, "MemoryError");
  EXPECT_EQ(d.line, 0);
  // The interpreter is still usable afterwards.
  EXPECT_TRUE(MustCompile({.source = "x = 1\n", .dfile = "ok.py"}).pyc);
}

TEST(DiagnosticsTest, CompilerRecursionError) {
  if (Embedded().info().minor < 10) GTEST_SKIP() << "parser overflows first";
  std::string sum = "x = ";
  for (int i = 0; i < 200000; ++i) sum += "1+";
  Diagnostic d = ErrorOf(sum + "1\n");
  EXPECT_EQ(d.kind, "RecursionError") << d.message;
  EXPECT_NE(d.message.find("maximum recursion depth"), std::string::npos)
      << d.message;
}

TEST(DiagnosticsTest, SyntaxWarningIsReturnedNotFatalNotPrinted) {
  ::testing::internal::CaptureStderr();
  CompileResult result =
      MustCompile({.source = "x = 1\ny = x is 1\n", .dfile = "warn.py"});
  std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(result.pyc.has_value()) << result.error.message;
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_EQ(result.warnings[0].kind, "SyntaxWarning");
  EXPECT_TRUE(StartsWith(result.warnings[0].message, "\"is\" with"))
      << result.warnings[0].message;
  EXPECT_EQ(result.warnings[0].line, 2);
  EXPECT_EQ(result.warnings[0].col, 0);
  EXPECT_EQ(printed, "");
}

TEST(DiagnosticsTest, InvalidEscapeWarnsWithVersionsCategory) {
  ::testing::internal::CaptureStderr();
  CompileResult result =
      MustCompile({.source = "a = 1\nb = 2\nr = \"\\d\"\n", .dfile = "esc.py"});
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_TRUE(result.pyc.has_value());
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_EQ(result.warnings[0].kind, Embedded().info().minor >= 12
                                         ? "SyntaxWarning"
                                         : "DeprecationWarning");
  EXPECT_NE(result.warnings[0].message.find("invalid escape sequence"),
            std::string::npos);
  EXPECT_EQ(result.warnings[0].line, 3);
}

TEST(DiagnosticsTest, WarningsAreCapturedOnTheStripRouteToo) {
  CompileResult result = MustCompile({.source = "'''Doc.'''\ny = 1 is 1\n",
                                      .dfile = "warn.py",
                                      .strip_docstrings = true});
  EXPECT_TRUE(result.pyc.has_value());
  ASSERT_FALSE(result.warnings.empty());
  EXPECT_EQ(result.warnings[0].kind, "SyntaxWarning");
  EXPECT_EQ(result.warnings[0].line, 2);
}

TEST(DiagnosticsTest, WarningsDoNotLeakIntoTheNextCompile) {
  EXPECT_FALSE(MustCompile({.source = "y = 1 is 1\n", .dfile = "a.py"})
                   .warnings.empty());
  CompileResult clean = MustCompile({.source = "y = 1\n", .dfile = "b.py"});
  EXPECT_TRUE(clean.warnings.empty());
  // The same warning again is reported again ("always", no registry).
  EXPECT_EQ(
      MustCompile({.source = "y = 1 is 1\n", .dfile = "a.py"}).warnings.size(),
      1u);
}

}  // namespace
}  // namespace pycpack
