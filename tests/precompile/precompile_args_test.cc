#include "precompile/precompile_args.h"

#include <gtest/gtest.h>

namespace pycpack {
namespace {

Result<PrecompileArgs> Parse(const std::vector<std::string>& args, bool worker = false) {
  auto no_files = [](const std::string& p) -> Result<std::string> {
    return IoError("no params file " + p);
  };
  return ParsePrecompileArgs(args, no_files, worker);
}

std::string Error(const std::vector<std::string>& args) {
  Result<PrecompileArgs> a = Parse(args);
  EXPECT_FALSE(a.ok());
  return a.ok() ? "" : a.status().message();
}

TEST(PrecompileArgsTest, ReadsRulesPythonsArgumentsAsPrecompileBzlPassesThem) {
  // python/private/common_bazel.bzl: lower-case modes, one file per action.
  Result<PrecompileArgs> a =
      Parse({"--invalidation_mode", "unchecked_hash", "--src", "pkg/m.py", "--src_name",
             "pkg/m.py", "--pyc", "bazel-out/bin/pkg/__pycache__/m.cpython-311.pyc",
             "--optimize", "2", "--python_version", "3.11"});
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->invalidation, Invalidation::kUncheckedHash);
  EXPECT_EQ(a->levels, std::vector<int>{2});
  EXPECT_EQ(a->python_version, "3.11");
  ASSERT_EQ(a->files.size(), 1u);
  EXPECT_EQ(a->files[0].src_name, "pkg/m.py");
  EXPECT_EQ(a->files[0].pycs,
            std::vector<std::string>{"bazel-out/bin/pkg/__pycache__/m.cpython-311.pyc"});
}

TEST(PrecompileArgsTest, ParamsFilesAreReadOneArgumentPerLine) {
  auto params = [](const std::string& p) -> Result<std::string> {
    EXPECT_EQ(p, "out/x.params");
    return std::string("--src\r\na b.py\n--pyc\nx.pyc\n--invalidation_mode=CHECKED_HASH");
  };
  Result<PrecompileArgs> a = ParsePrecompileArgs({"@out/x.params"}, params, false);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->files[0].src, "a b.py");
  EXPECT_EQ(a->files[0].src_name, "a b.py") << "--src_name defaults to --src";
  EXPECT_EQ(a->invalidation, Invalidation::kCheckedHash);
}

TEST(PrecompileArgsTest, SeveralLevelsTakeOnePycPerLevelPerSourceSourceMajor) {
  Result<PrecompileArgs> a = Parse({"--optimize", "0", "--optimize=1", "--src", "a.py", "--src",
                                    "b.py", "--pyc", "a0", "--pyc", "a1", "--pyc", "b0",
                                    "--pyc", "b1"});
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->levels, (std::vector<int>{0, 1}));
  EXPECT_EQ(a->files[1].pycs, (std::vector<std::string>{"b0", "b1"}));
}

TEST(PrecompileArgsTest, MinusOneMeansLevelZeroAsPyCompileDoes) {
  Result<PrecompileArgs> a = Parse({"--optimize", "-1", "--src", "a.py", "--pyc", "a.pyc"});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->levels, std::vector<int>{0});
}

TEST(PrecompileArgsTest, TimestampIsRefusedWithTheReason) {
  EXPECT_NE(Error({"--invalidation_mode", "TIMESTAMP", "--src", "a", "--pyc", "b"})
                .find("records the source's modification time"),
            std::string::npos);
}

TEST(PrecompileArgsTest, BadCommandLinesNameWhatIsWrong) {
  EXPECT_NE(Error({"--src", "a", "--pyc"}).find("--pyc needs a value"), std::string::npos);
  EXPECT_NE(Error({"--src", "a"}).find("need 1 --pyc, got 0"), std::string::npos);
  EXPECT_NE(Error({"--src", "a", "--src", "b", "--src_name", "x", "--pyc", "1", "--pyc", "2"})
                .find("2 --src but 1 --src_name"),
            std::string::npos);
  EXPECT_NE(Error({"--optimize", "3", "--src", "a", "--pyc", "b"}).find("--optimize"),
            std::string::npos);
  EXPECT_NE(Error({"--frobnicate", "x"}).find("unknown argument \"--frobnicate\""),
            std::string::npos);
  EXPECT_NE(Error({"stray"}).find("unknown argument \"stray\""), std::string::npos);
  EXPECT_NE(Error({}).find("no --src"), std::string::npos);
  EXPECT_NE(Error({"--interpreter", "3.12"}).find("X.Y=PATH"), std::string::npos);
  EXPECT_NE(Error({"@missing"}).find("params file @missing"), std::string::npos);
}

TEST(PrecompileArgsTest, TheWorkersStartUpLineNeedsNoFiles) {
  Result<PrecompileArgs> a = Parse({"--persistent_worker", "--log_level", "INFO",
                                    "--worker_impl", "async", "-j", "3",
                                    "--interpreter", "3.12=/opt/py/bin/python3.12"},
                                   true);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_TRUE(a->persistent_worker);
  EXPECT_EQ(a->jobs, 3);
  EXPECT_EQ(a->interpreters.at("3.12"), "/opt/py/bin/python3.12");
}

}  // namespace
}  // namespace pycpack
