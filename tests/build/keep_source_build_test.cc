// RunBuild with on_compile_error "keep-source" and py-only syntax checks, in
// memory: a file that does not compile (FakeCompiler: "!error"; for the
// second target also "!old") ships as its source with no pyc for any
// target, the conditional entries wait for its jobs however they arrive,
// RECORDs list what shipped, and the artifact lists what was kept.
#include <algorithm>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "build/build.h"
#include "cli/report.h"
#include "cli/terminal_printer.h"
#include "fake_compiler.h"
#include "fs/memory_filesystem.h"

namespace pycpack {
namespace {

// Compiles like FakeCompiler, target 1 failing on "!old" too; takes up to
// three jobs before answering them in reverse, as parallel workers may.
class ReversingExecutor : public CompileExecutor {
 public:
  explicit ReversingExecutor(FakeCompiler* compiler) : compiler_(compiler) {}
  Status Run(const NextJobFn& next, const JobDoneFn& done, const JobLabelFn&) override {
    std::vector<CompileJobRequest> held;
    for (bool more = true; more || !held.empty();) {
      while (more && held.size() < 3) {
        Result<std::optional<CompileJobRequest>> job = next();
        if (!job.ok()) return job.status();
        more = job->has_value();
        if (more) held.push_back(std::move(**job));
      }
      CompileJobRequest job = std::move(held.back());
      held.pop_back();
      Result<CompileResult> r = compiler_->Compile(job.request);
      if (job.target == 1 && job.request.source.find("!old") != std::string::npos) {
        r = CompileResult{std::nullopt, {"SyntaxError", "too new", 1, 3}, {}};
      }
      PYCPACK_RETURN_IF_ERROR(done(job.id, std::move(r).value()));
    }
    return Status::Ok();
  }

 private:
  FakeCompiler* compiler_;
};

class KeepSourceBuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs_.AddFile("/w/src/pkg/__init__.py", "");
    fs_.AddFile("/w/src/pkg/mod.py", "x = 1\n");
    fs_.AddFile("/w/src/pkg/bad.py", "a\n!error\n");
    fs_.AddFile("/w/src/only/broken.py", "!error\n");
    env_.fs = &fs_;
    env_.compiler = &compiler_;
    env_.observer = &printer_;
    env_.cwd = "/w";
    opt_.manifest_path = "m.json";
  }

  // A manifest of library "app" (root src) with |library| keys added and
  // |outputs| (JSON text); |top| adds top-level keys.
  void Manifest(const std::string& library, const std::string& outputs,
                const std::string& top = "") {
    fs_.AddFile("/w/m.json", "{\"manifest_version\": 1, " + top +
                                 "\"libraries\": [{\"name\": \"app\", \"root\": \"src\", " +
                                 library + "}], \"outputs\": " + outputs + "}");
  }

  void TwoTargets() {
    env_.probe = [this](const TargetSpec& spec) -> Result<Target> {
      Target t;
      t.name = spec.name;
      t.info = compiler_.info();
      t.info.version = "3.8.0";
      t.info.minor = 8;
      t.info.cache_tag = "cpython-38";
      t.info.magic = std::string("\x55\x0d\r\n", 4);
      return t;
    };
    env_.make_executor = [this](size_t, const std::vector<Target>&) {
      return Result<std::unique_ptr<CompileExecutor>>(
          std::make_unique<ReversingExecutor>(&compiler_));
    };
  }

  std::vector<std::string> Below(const std::string& dir) {
    std::vector<std::string> out;
    for (const std::string& p : fs_.Paths()) {
      if (p.compare(0, dir.size() + 1, dir + "/") == 0) out.push_back(p.substr(dir.size() + 1));
    }
    return out;
  }

  std::string Read(const std::string& path) {
    Result<std::string> r = fs_.ReadFile(path);
    EXPECT_TRUE(r.ok()) << path;
    return r.ok() ? *r : "";
  }

  MemoryFileSystem fs_;
  FakeCompiler compiler_;
  std::ostringstream log_;
  TerminalPrinter printer_{log_, 1, false};
  BuildEnv env_;
  BuildOptions opt_;
};

TEST_F(KeepSourceBuildTest, PycOnlyShipsTheBrokenFileAsItsSource) {
  Manifest(R"("mode": "pyc-only", "on_compile_error": "keep-source")",
           R"([{"path": "dist/app", "format": "dir"}, {"path": "dist/app.tar", "format": "tar"}])");
  BuildReport r = RunBuild(opt_, env_);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(Below("/w/dist/app"),
            (std::vector<std::string>{"only", "only/broken.py", "pkg", "pkg/__init__.pyc",
                                      "pkg/bad.py", "pkg/mod.pyc",
                                      "pycpack-kept-sources.json"}));
  EXPECT_EQ(Read("/w/dist/app/pkg/bad.py"), "a\n!error\n");
  EXPECT_EQ(Read("/w/dist/app/pycpack-kept-sources.json"),
            "{\"format\": \"pycpack-kept-sources\", \"version\": 1, \"kept\": [\n"
            "  {\"path\": \"only/broken.py\", \"targets\": [\"embedded\"], \"line\": 1, "
            "\"col\": 5, \"kind\": \"SyntaxError\", \"message\": \"invalid syntax\"},\n"
            "  {\"path\": \"pkg/bad.py\", \"targets\": [\"embedded\"], \"line\": 2, "
            "\"col\": 5, \"kind\": \"SyntaxError\", \"message\": \"invalid syntax\"}\n"
            "]}\n");
  EXPECT_NE(log_.str().find("src/pkg/bad.py:2:5: warning: SyntaxError: invalid syntax "
                            "(kept as source"),
            std::string::npos) << log_.str();
  ASSERT_EQ(r.kept_sources.size(), 2u);
  EXPECT_EQ(r.outputs[0].entries, 7u);
  nlohmann::json j = nlohmann::json::parse(BuildReportJson(r));
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["kept_sources"][1]["path"], "src/pkg/bad.py");
  EXPECT_EQ(j["kept_sources"][1]["line"], 2);
  EXPECT_EQ(j["kept_sources"][1]["col"], 5);
  EXPECT_EQ(j["kept_sources"][1]["message"], "invalid syntax");
  EXPECT_EQ(j["kept_sources"][1]["targets"], nlohmann::json::array({"embedded"}));
  EXPECT_EQ(j["diagnostics"][0]["severity"], "warning");
}

TEST_F(KeepSourceBuildTest, NothingKeptGivesTheBytesOfAStrictBuild) {
  fs_.RemoveAll("/w/src/only");
  fs_.AddFile("/w/src/pkg/bad.py", "fine = True\n");
  std::string outputs = R"([{"path": "dist/app.tar", "format": "tar"}])";
  Manifest(R"("mode": "py+pyc-checked")", outputs);
  ASSERT_TRUE(RunBuild(opt_, env_).status.ok());
  std::string strict = Read("/w/dist/app.tar");
  Manifest(R"("mode": "py+pyc-checked", "on_compile_error": "keep-source")", outputs);
  ASSERT_TRUE(RunBuild(opt_, env_).status.ok());
  EXPECT_EQ(Read("/w/dist/app.tar"), strict);
}

TEST_F(KeepSourceBuildTest, PyPycDropsThePycsAndACacheDirectoryLeftEmpty) {
  Manifest(R"("on_compile_error": "keep-source")", R"([{"path": "dist/app", "format": "dir"}])",
           R"("defaults": {"optimize": [0, 1]}, )");
  BuildReport r = RunBuild(opt_, env_);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  std::vector<std::string> paths = Below("/w/dist/app");
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "only/__pycache__"), 0);
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "only/broken.py"), 1);
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "pkg/__pycache__/mod.cpython-311.opt-1.pyc"), 1);
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "pkg/__pycache__/bad.cpython-311.pyc"), 0);
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "pkg/bad.py"), 1);
}

TEST_F(KeepSourceBuildTest, AFileBrokenForOneTargetGetsNoPycForAny) {
  TwoTargets();
  fs_.RemoveAll("/w/src/only");
  fs_.AddFile("/w/src/pkg/bad.py", "!old\n");
  Manifest(R"("mode": "pyc-only", "on_compile_error": "keep-source")",
           R"([{"path": "dist/app", "format": "dir"}, {"path": "dist/app.tar", "format": "tar"}])",
           R"("targets": ["embedded", {"python": "python3.8", "name": "py38"}], )");
  BuildReport r = RunBuild(opt_, env_);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  // The guard of the guard layout is the source itself.
  EXPECT_EQ(Read("/w/dist/app/pkg/bad.py"), "!old\n");
  EXPECT_NE(Read("/w/dist/app/pkg/mod.py").find("raise ImportError"), std::string::npos);
  for (const std::string& p : Below("/w/dist/app")) {
    EXPECT_EQ(p.find("bad.cpython"), std::string::npos) << p;
  }
  EXPECT_NE(Read("/w/dist/app/pycpack-kept-sources.json").find(
                "{\"path\": \"pkg/bad.py\", \"targets\": [\"py38\"], \"line\": 1, \"col\": 3"),
            std::string::npos);
  EXPECT_NE(log_.str().find("src/pkg/bad.py:1:3: warning: SyntaxError: too new [target py38]"),
            std::string::npos) << log_.str();
  ASSERT_EQ(r.kept_sources.size(), 1u);
  EXPECT_EQ(r.kept_sources[0].targets, std::vector<std::string>{"py38"});
}

TEST_F(KeepSourceBuildTest, PyOnlyIsCheckedFailsWarnsOrIsLeftAlone) {
  std::string outputs = R"([{"path": "dist/app.tar", "format": "tar"}])";
  Manifest(R"("mode": "py-only")", outputs);
  BuildReport r = RunBuild(opt_, env_);
  EXPECT_EQ(r.status.code(), ErrorCode::kCompile);
  EXPECT_NE(log_.str().find("src/pkg/bad.py:2:5: SyntaxError: invalid syntax\n"),
            std::string::npos) << log_.str();
  EXPECT_FALSE(fs_.Exists("/w/dist/app.tar"));

  Manifest(R"("mode": "py-only", "check_syntax": false)", outputs);
  int calls = compiler_.calls;
  r = RunBuild(opt_, env_);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(compiler_.calls, calls);
  std::string unchecked = Read("/w/dist/app.tar");

  Manifest(R"("mode": "py-only", "on_compile_error": "keep-source")", outputs);
  r = RunBuild(opt_, env_);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(r.syntax_checks, 4u);
  EXPECT_EQ(r.compiled, 0u);
  EXPECT_EQ(r.kept_sources.size(), 2u);
  EXPECT_NE(log_.str().find("src/pkg/bad.py:2:5: warning: SyntaxError"), std::string::npos);

  // Checked and passing, the artifact is the unchecked one.
  fs_.RemoveAll("/w/src/only");
  fs_.AddFile("/w/src/pkg/bad.py", "fine = True\n");
  Manifest(R"("mode": "py-only", "check_syntax": false)", outputs);
  ASSERT_TRUE(RunBuild(opt_, env_).status.ok());
  unchecked = Read("/w/dist/app.tar");
  Manifest(R"("mode": "py-only")", outputs);
  r = RunBuild(opt_, env_);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.syntax_checks, 3u);
  EXPECT_EQ(Read("/w/dist/app.tar"), unchecked);
}

TEST_F(KeepSourceBuildTest, RecordsListWhatShipped) {
  fs_.RemoveAll("/w/src/only");
  fs_.AddFile("/w/src/pkg-1.0.dist-info/METADATA", "Name: pkg\n");
  fs_.AddFile("/w/src/pkg-1.0.dist-info/RECORD",
              "pkg/__init__.py,,\npkg/mod.py,,\npkg/bad.py,,\npkg-1.0.dist-info/RECORD,,\n");
  Manifest(R"("mode": "pyc-only", "on_compile_error": "keep-source")",
           R"([{"path": "dist/site", "format": "dir"},
               {"path": "dist/wheels", "format": "wheel"}])");
  BuildReport r = RunBuild(opt_, env_);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  std::string record = Read("/w/dist/site/pkg-1.0.dist-info/RECORD");
  EXPECT_NE(record.find("pkg/bad.py,sha256="), std::string::npos) << record;
  EXPECT_EQ(record.find("pkg/bad.pyc"), std::string::npos) << record;
  EXPECT_NE(record.find("pkg/mod.pyc,sha256="), std::string::npos) << record;
  EXPECT_EQ(record.find("pkg/mod.py,"), std::string::npos) << record;
  EXPECT_EQ(record.find("pycpack-kept-sources"), std::string::npos) << record;
  EXPECT_TRUE(fs_.Exists("/w/dist/site/pycpack-kept-sources.json"));
  EXPECT_TRUE(fs_.Exists("/w/dist/wheels/pkg-1.0-cp311-none-any.whl"));
}

}  // namespace
}  // namespace pycpack
