// The embedded compiler against the standalone interpreter of the same
// installation: same facts, byte-identical pycs.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <tuple>

#include "pycpack/compiler.h"
#include "pycpack/pyc.h"
#include "test_util.h"

namespace pycpack {
namespace {

using testutil::Embedded;
using testutil::MustCompile;
using testutil::PyCompileReference;
using testutil::RunPython;

TEST(EmbeddedCompilerTest, InfoMatchesStandaloneInterpreter) {
  const InterpreterInfo& info = Embedded().info();
  testutil::PythonRun run = RunPython(
      "import sys, importlib.util\n"
      "sys.stdout.write('%s|%s|%d|%d|%s|%s' % (sys.implementation.name,\n"
      "    sys.version.split()[0], sys.version_info[0], sys.version_info[1],\n"
      "    sys.implementation.cache_tag, importlib.util.MAGIC_NUMBER.hex()))\n",
      {});
  ASSERT_EQ(run.exit_code, 0);
  std::string magic_hex;
  for (unsigned char c : info.magic) {
    magic_hex += "0123456789abcdef"[c >> 4];
    magic_hex += "0123456789abcdef"[c & 15];
  }
  EXPECT_EQ(run.out, info.implementation + "|" + info.version + "|" +
                         std::to_string(info.major) + "|" +
                         std::to_string(info.minor) + "|" + info.cache_tag +
                         "|" + magic_hex);
}

TEST(EmbeddedCompilerTest, InfoIsSelfConsistent) {
  const InterpreterInfo& info = Embedded().info();
  EXPECT_EQ(info.implementation, "cpython");
  EXPECT_EQ(info.major, 3);
  EXPECT_GE(info.minor, 8);
  EXPECT_EQ(info.cache_tag, "cpython-3" + std::to_string(info.minor));
  EXPECT_EQ(info.version.rfind("3." + std::to_string(info.minor) + ".", 0), 0u)
      << info.version;
  ASSERT_EQ(info.magic.size(), 4u);
  EXPECT_EQ(info.magic.substr(2), "\r\n");
}

TEST(EmbeddedCompilerTest, SecondCompilerSharesTheInterpreter) {
  Result<std::unique_ptr<Compiler>> other = NewEmbeddedCompiler();
  ASSERT_TRUE(other.ok()) << other.status().message();
  EXPECT_EQ(other.value()->info().magic, Embedded().info().magic);
  CompileRequest request{.source = "x = 1\n", .dfile = "x.py"};
  EXPECT_EQ(other.value()->Compile(request)->pyc, MustCompile(request).pyc);
}

struct Sample {
  const char* name;
  std::string source;
  std::string dfile;
};

const Sample kSamples[] = {
    {"plain",
     "\"\"\"Module doc.\"\"\"\nimport os\n\n\nclass C:\n    "
     "\"\"\"Class.\"\"\"\n"
     "    def m(self, x=(1, 2.5, 'a', b'b', None)):\n"
     "        assert x, 'no x'\n        return [i * 2 for i in x]\n\n\n"
     "def f(x):\n    return f'{x!r:>10}' if x in {'alpha', 'beta', 'gamma'}"
     " else lambda y: y ** 2\n",
     "pkg/plain.py"},
    {"latin1_cookie",
     "# -*- coding: latin-1 -*-\ns = 'caf\xe9 \xa4'\nb = s.encode('utf-8')\n",
     "pkg/latin.py"},
    {"bom", "\xef\xbb\xbf\"\"\"Doc.\"\"\"\nname = '\xc3\xa9t\xc3\xa9'\n",
     "/var/task/bom.py"},
    {"crlf", "def f():\r\n    '''Doc.'''\r\n    return 1\r\n\r\nx = f()\r\n",
     "crlf.py"},
    {"non_ascii_dfile", "x = 1\n", "pkg/mod\xc3\xa9.py"},
};

using IdentityParam = std::tuple<Sample, int, Invalidation>;

class ByteIdentityTest : public ::testing::TestWithParam<IdentityParam> {};

TEST_P(ByteIdentityTest, SameBytesAsPyCompile) {
  const auto& [sample, optimize, invalidation] = GetParam();
  CompileResult result = MustCompile({.source = sample.source,
                                      .dfile = sample.dfile,
                                      .optimize = optimize,
                                      .invalidation = invalidation});
  ASSERT_TRUE(result.pyc.has_value()) << result.error.message;
  EXPECT_TRUE(result.warnings.empty());
  std::string reference =
      PyCompileReference(sample.source, sample.dfile, optimize, invalidation);
  ASSERT_FALSE(reference.empty());
  EXPECT_EQ(*result.pyc, reference);
}

INSTANTIATE_TEST_SUITE_P(
    Samples, ByteIdentityTest,
    ::testing::Combine(::testing::ValuesIn(kSamples),
                       ::testing::Values(0, 1, 2),
                       ::testing::Values(Invalidation::kCheckedHash,
                                         Invalidation::kUncheckedHash)),
    [](const ::testing::TestParamInfo<IdentityParam>& info) {
      return std::string(std::get<0>(info.param).name) + "_opt" +
             std::to_string(std::get<1>(info.param)) +
             (std::get<2>(info.param) == Invalidation::kCheckedHash
                  ? "_checked"
                  : "_unchecked");
    });

TEST(EmbeddedCompilerTest, HeaderCarriesMagicFlagsAndHash) {
  CompileRequest request{.source = "x = 1\n", .dfile = "x.py"};
  request.invalidation = Invalidation::kUncheckedHash;
  std::string unchecked = MustCompile(request).pyc.value_or("");
  request.invalidation = Invalidation::kCheckedHash;
  std::string checked = MustCompile(request).pyc.value_or("");
  Result<PycHeader> u = ParsePycHeader(unchecked);
  Result<PycHeader> c = ParsePycHeader(checked);
  ASSERT_TRUE(u.ok() && c.ok());
  EXPECT_EQ(u->magic_bytes, Embedded().info().magic);
  EXPECT_EQ(u->flags, kPycFlagUncheckedHash);
  EXPECT_EQ(c->flags, kPycFlagCheckedHash);
  EXPECT_EQ(u->source_hash, c->source_hash);
  EXPECT_EQ(unchecked.substr(kPycHeaderSize), checked.substr(kPycHeaderSize));
  request.source = "x = 2\n";
  EXPECT_NE(ParsePycHeader(MustCompile(request).pyc.value_or(""))->source_hash,
            c->source_hash);
}

TEST(EmbeddedCompilerTest, ManyCompilesInARow) {
  CompileRequest first{.source = "def f():\n    return 0\n", .dfile = "m.py"};
  std::string expected = MustCompile(first).pyc.value_or("");
  ASSERT_FALSE(expected.empty());
  for (int i = 1; i < 200; ++i) {
    CompileRequest request{
        .source = "def f():\n    return " + std::to_string(i) + "\n",
        .dfile = "m" + std::to_string(i) + ".py",
        .optimize = i % 3,
        .strip_docstrings = i % 2 == 0};
    CompileResult result = MustCompile(request);
    ASSERT_TRUE(result.pyc.has_value()) << i << ": " << result.error.message;
    ASSERT_NE(result.pyc->find(request.dfile), std::string::npos) << i;
  }
  EXPECT_EQ(MustCompile(first).pyc.value_or(""), expected);
}

TEST(EmbeddedCompilerTest, UsableFromAnotherThread) {
  CompileRequest request{.source = "y = [1, 2]\n", .dfile = "t.py"};
  std::string here = MustCompile(request).pyc.value_or("");
  std::string there;
  std::thread worker([&] { there = MustCompile(request).pyc.value_or(""); });
  worker.join();
  EXPECT_FALSE(here.empty());
  EXPECT_EQ(there, here);
}

TEST(EmbeddedCompilerTest, RejectsOptimizeOutOfRange) {
  Result<CompileResult> r = Embedded().Compile(
      {.source = "x = 1\n", .dfile = "bad.py", .optimize = 3});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("bad.py"), std::string::npos);
}

}  // namespace
}  // namespace pycpack
