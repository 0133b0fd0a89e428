#include "build/build.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/report.h"
#include "cli/terminal_printer.h"
#include "fake_compiler.h"
#include "fs/memory_filesystem.h"

namespace pycpack {
namespace {

constexpr char kManifest[] = R"({
  "manifest_version": 1,
  "defaults": {"mode": "py+pyc-checked", "optimize": [0, 1]},
  "libraries": [{"name": "app", "root": "src"}],
  "outputs": [{"path": "dist/app", "format": "dir"},
              {"path": "dist/app.tar", "format": "tar"}]
})";

class BuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs_.AddFile("/w/m.json", kManifest);
    fs_.AddFile("/w/src/pkg/__init__.py", "");
    fs_.AddFile("/w/src/pkg/mod.py", "x = 1\n");
    fs_.AddFile("/w/src/pkg/data.txt", "data");
    env_.fs = &fs_;
    env_.compiler = &compiler_;
    env_.observer = &printer_;
    env_.cwd = "/w";
    opt_.manifest_path = "m.json";
  }

  MemoryFileSystem fs_;
  FakeCompiler compiler_;
  std::ostringstream log_;
  TerminalPrinter printer_{log_, 1, false};
  BuildEnv env_;
  BuildOptions opt_;
};

TEST_F(BuildTest, WritesEveryOutput) {
  BuildReport r = RunBuild(opt_, env_);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(compiler_.calls, 4);  // 2 sources x 2 levels
  EXPECT_EQ(r.compiled, 4u);
  EXPECT_EQ(r.sources, 2u);
  EXPECT_EQ(r.copied, 1u);
  Result<std::string> pyc =
      fs_.ReadFile("/w/dist/app/pkg/__pycache__/mod.cpython-311.opt-1.pyc");
  ASSERT_TRUE(pyc.ok()) << pyc.status().message();
  EXPECT_EQ(pyc->substr(16), "optimize=1;dfile=pkg/mod.py;x = 1\n");
  EXPECT_EQ(fs_.ReadFile("/w/dist/app/pkg/data.txt").value(), "data");
  ASSERT_EQ(r.outputs.size(), 2u);
  EXPECT_FALSE(r.outputs[0].sha256.has_value());
  ASSERT_TRUE(r.outputs[1].sha256.has_value());
  EXPECT_EQ(r.outputs[1].bytes, fs_.ReadFile("/w/dist/app.tar")->size());
  // Nothing but the artifacts was left in dist/.
  Result<std::vector<std::string>> names = fs_.ListDir("/w/dist");
  EXPECT_EQ(*names, (std::vector<std::string>{"app", "app.tar"}));
}

TEST_F(BuildTest, EveryCompileErrorIsReportedAndNothingIsWritten) {
  fs_.AddFile("/w/src/pkg/bad1.py", "a\n!error\n");
  fs_.AddFile("/w/src/pkg/bad2.py", "!warn\n\n\n!error\n");
  fs_.AddFile("/w/dist/app.tar", "old artifact");
  BuildReport r = RunBuild(opt_, env_);
  EXPECT_EQ(r.status.code(), ErrorCode::kCompile);
  EXPECT_EQ(r.status.ExitCode(), 1);
  std::string log = log_.str();
  EXPECT_NE(log.find("src/pkg/bad1.py:2:5: SyntaxError: invalid syntax\n"),
            std::string::npos) << log;
  EXPECT_NE(log.find("src/pkg/bad2.py:4:5: SyntaxError: invalid syntax\n"),
            std::string::npos) << log;
  EXPECT_NE(log.find("src/pkg/bad2.py:1:0: warning: SyntaxWarning: fake warning\n"),
            std::string::npos) << log;
  // Each broken file is reported once although it has two levels.
  EXPECT_EQ(log.find("bad1.py:2"), log.rfind("bad1.py:2"));
  EXPECT_EQ(fs_.ReadFile("/w/dist/app.tar").value(), "old artifact");
  EXPECT_EQ(*fs_.ListDir("/w/dist"), std::vector<std::string>{"app.tar"});
  EXPECT_TRUE(r.outputs.empty());
}

TEST_F(BuildTest, ManifestErrorCompilesAndWritesNothing) {
  fs_.AddFile("/w/m.json", R"({"manifest_version": 1,
    "libraries": [{"name": "app", "root": "src", "mode": "pyc"}],
    "outputs": [{"path": "dist/app", "format": "dir"}]})");
  std::vector<std::string> before = fs_.Paths();
  BuildReport r = RunBuild(opt_, env_);
  EXPECT_EQ(r.status.ExitCode(), 2);
  EXPECT_NE(r.status.message().find("libraries[0].mode"), std::string::npos)
      << r.status.message();
  EXPECT_EQ(compiler_.calls, 0);
  EXPECT_EQ(fs_.Paths(), before);
}

TEST_F(BuildTest, MissingManifestIsAUsageError) {
  opt_.manifest_path = "nope.json";
  BuildReport r = RunBuild(opt_, env_);
  EXPECT_EQ(r.status.ExitCode(), 2);
  EXPECT_NE(r.status.message().find("nope.json"), std::string::npos);
}

TEST_F(BuildTest, FailedWriteLeavesNoArtifactAndNoTemporary) {
  fs_.AddFile("/w/dist/app.tar", "old artifact");
  fs_.FailOn(MemoryFileSystem::Op::kAppend, "app.tar");
  BuildReport r = RunBuild(opt_, env_);
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.ExitCode(), 1);
  EXPECT_NE(r.status.message().find("outputs[1]"), std::string::npos)
      << r.status.message();
  // The directory output staged first is not committed either.
  EXPECT_EQ(*fs_.ListDir("/w/dist"), std::vector<std::string>{"app.tar"});
  EXPECT_EQ(fs_.ReadFile("/w/dist/app.tar").value(), "old artifact");
}

TEST_F(BuildTest, ForceModeAndOutputDir) {
  opt_.overrides.force_mode = Mode::kPyOnly;
  opt_.output_dir = "elsewhere";
  BuildReport r = RunBuild(opt_, env_);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(compiler_.calls, 2);  // py-only sources are syntax-checked
  EXPECT_EQ(r.syntax_checks, 2u);
  EXPECT_EQ(fs_.ReadFile("/w/elsewhere/dist/app/pkg/mod.py").value(), "x = 1\n");
  EXPECT_FALSE(fs_.Exists("/w/elsewhere/dist/app/pkg/__pycache__"));
  EXPECT_FALSE(fs_.Exists("/w/dist"));
}

TEST_F(BuildTest, JsonReportHasTheDocumentedShape) {
  fs_.AddFile("/w/src/pkg/w.py", "!warn\n");
  BuildReport r = RunBuild(opt_, env_);
  ASSERT_TRUE(r.status.ok());
  nlohmann::json j = nlohmann::json::parse(BuildReportJson(r));
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["exit_code"], 0);
  EXPECT_TRUE(j["error"].is_null());
  EXPECT_EQ(j["interpreter"]["cache_tag"], "cpython-311");
  EXPECT_EQ(j["interpreter"]["magic"], "a70d0d0a");
  ASSERT_EQ(j["outputs"].size(), 2u);
  EXPECT_EQ(j["outputs"][1]["format"], "tar");
  EXPECT_EQ(j["outputs"][1]["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(j["summary"]["compiled"], 6);
  ASSERT_EQ(j["diagnostics"].size(), 1u);
  EXPECT_EQ(j["diagnostics"][0]["severity"], "warning");
  EXPECT_EQ(j["diagnostics"][0]["path"], "src/pkg/w.py");
  EXPECT_EQ(j["diagnostics"][0]["line"], 1);
}

TEST_F(BuildTest, JsonReportOfAFailure) {
  fs_.AddFile("/w/src/pkg/bad.py", "!error\n");
  BuildReport r = RunBuild(opt_, env_);
  nlohmann::json j = nlohmann::json::parse(BuildReportJson(r));
  EXPECT_EQ(j["status"], "error");
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_TRUE(j["outputs"].empty());
  EXPECT_NE(j["error"].get<std::string>().find("failed to compile"), std::string::npos);
  EXPECT_EQ(j["diagnostics"][0]["severity"], "error");
}

TEST_F(BuildTest, QuietHidesWarningsButNotErrors) {
  TerminalPrinter quiet(log_, 0, false);
  env_.observer = &quiet;
  fs_.AddFile("/w/src/pkg/w.py", "!warn\n");
  fs_.AddFile("/w/src/pkg/bad.py", "!error\n");
  RunBuild(opt_, env_);
  EXPECT_EQ(log_.str().find("warning"), std::string::npos) << log_.str();
  EXPECT_NE(log_.str().find("bad.py:1:5: SyntaxError"), std::string::npos);
}

TEST_F(BuildTest, CacheServesTheSecondBuildWithIdenticalResults) {
  CompileCache cache(&fs_, "/cache", compiler_.info(), 1);
  env_.cache = &cache;
  fs_.AddFile("/w/src/pkg/w.py", "!warn\n");
  BuildReport cold = RunBuild(opt_, env_);
  ASSERT_TRUE(cold.status.ok()) << cold.status.message();
  EXPECT_EQ(cold.compiled, 6u);
  EXPECT_EQ(cold.cached, 0u);
  EXPECT_EQ(cold.cache.stores, 6u);
  std::string first = fs_.ReadFile("/w/dist/app.tar").value();
  int calls = compiler_.calls;
  BuildReport warm = RunBuild(opt_, env_);
  ASSERT_TRUE(warm.status.ok());
  EXPECT_EQ(compiler_.calls, calls);
  EXPECT_EQ(warm.compiled, 0u);
  EXPECT_EQ(warm.cached, 6u);
  EXPECT_EQ(fs_.ReadFile("/w/dist/app.tar").value(), first);
  // The warning comes back from the cache.
  ASSERT_EQ(warm.diagnostics.size(), 1u);
  EXPECT_EQ(warm.diagnostics[0].diagnostic.kind, "SyntaxWarning");
  // A changed source misses.
  fs_.AddFile("/w/src/pkg/mod.py", "x = 2\n");
  BuildReport third = RunBuild(opt_, env_);
  EXPECT_EQ(third.compiled, 2u);
  EXPECT_EQ(third.cached, 4u);
}

TEST_F(BuildTest, UnwritableCacheIsAWarningNotAFailure) {
  CompileCache cache(&fs_, "/cache", compiler_.info(), 1);
  env_.cache = &cache;
  fs_.AddFile("/cache", "a file where the cache directory should be");
  BuildReport r = RunBuild(opt_, env_);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_NE(log_.str().find("warning: compile cache not updated"),
            std::string::npos) << log_.str();
  EXPECT_EQ(r.cache.store_errors, 4u);
}

}  // namespace
}  // namespace pycpack
