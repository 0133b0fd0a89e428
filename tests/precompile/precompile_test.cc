#include "precompile/precompile.h"

#include <gtest/gtest.h>

#include "../build/fake_compiler.h"
#include "fs/memory_filesystem.h"

namespace pycpack {
namespace {

class PrecompileTest : public ::testing::Test {
 protected:
  PrecompileArgs Args(std::vector<PrecompileFile> files, std::vector<int> levels = {0}) {
    PrecompileArgs a;
    a.files = std::move(files);
    a.levels = std::move(levels);
    return a;
  }
  PrecompileOutcome Run(const PrecompileArgs& a, std::string base = "") {
    PrecompileEnv env{&fs_, &compiler_, std::move(base), 0, cancelled_};
    return RunPrecompile(a, env);
  }
  std::string Read(const std::string& path) {
    Result<std::string> r = fs_.ReadFile(path);
    return r.ok() ? *r : "<missing: " + r.status().message() + ">";
  }
  MemoryFileSystem fs_;
  FakeCompiler compiler_;
  const std::atomic<bool>* cancelled_ = nullptr;
};

TEST_F(PrecompileTest, WritesOnePycPerLevelWithSrcNameAsCoFilename) {
  fs_.AddFile("/w/pkg/m.py", "x = 1\n");
  PrecompileOutcome out = Run(Args({{"/w/pkg/m.py", "pkg/m.py", {"/o/m.pyc", "/o/m.opt-1.pyc"}}},
                                   {0, 1}));
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(out.written, 2u);
  EXPECT_NE(Read("/o/m.pyc").find("optimize=0;dfile=pkg/m.py;x = 1"), std::string::npos);
  EXPECT_NE(Read("/o/m.opt-1.pyc").find("optimize=1;dfile=pkg/m.py;"), std::string::npos);
}

TEST_F(PrecompileTest, ASyntaxErrorGivesFileLineColAndNoPycAtAll) {
  fs_.AddFile("/w/good.py", "x = 1\n");
  fs_.AddFile("/w/bad.py", "ok\n!error\n");
  PrecompileOutcome out = Run(Args({{"/w/good.py", "good.py", {"/o/good.pyc"}},
                                    {"/w/bad.py", "bad.py", {"/o/bad.pyc"}}}));
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_NE(out.output.find("/w/bad.py:2:5: SyntaxError: invalid syntax"), std::string::npos)
      << out.output;
  EXPECT_FALSE(fs_.Exists("/o/good.pyc")) << "all or nothing";
  EXPECT_FALSE(fs_.Exists("/o/bad.pyc"));
}

TEST_F(PrecompileTest, WarningsAreReportedOnceAndDoNotFail) {
  fs_.AddFile("/w/a.py", "!warn\n");
  PrecompileOutcome out = Run(Args({{"/w/a.py", "a.py", {"/o/0", "/o/1"}}}, {0, 1}));
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_EQ(out.output, "/w/a.py:1:0: warning: SyntaxWarning: fake warning\n");
}

TEST_F(PrecompileTest, RelativePathsAreTakenUnderTheSandboxDir) {
  fs_.AddFile("/sb/7/pkg/a.py", "y\n");
  PrecompileOutcome out = Run(Args({{"pkg/a.py", "pkg/a.py", {"out/a.pyc"}}}), "/sb/7");
  EXPECT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(Read("/sb/7/out/a.pyc").find("dfile=pkg/a.py;y"), std::string::npos);
}

TEST_F(PrecompileTest, AMissingSourceIsAnIoErrorNamingIt) {
  PrecompileOutcome out = Run(Args({{"/w/nope.py", "nope.py", {"/o/n.pyc"}}}));
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_NE(out.output.find("/w/nope.py"), std::string::npos);
}

TEST_F(PrecompileTest, ACancelledRequestWritesNothing) {
  fs_.AddFile("/w/a.py", "x\n");
  std::atomic<bool> cancelled{true};
  cancelled_ = &cancelled;
  PrecompileOutcome out = Run(Args({{"/w/a.py", "a.py", {"/o/a.pyc"}}}));
  EXPECT_TRUE(out.cancelled);
  EXPECT_FALSE(fs_.Exists("/o/a.pyc"));
  EXPECT_EQ(compiler_.calls, 0);
}

TEST_F(PrecompileTest, AFailingWriteLeavesNoTemporaryBehind) {
  fs_.AddFile("/w/a.py", "x\n");
  fs_.AddDir("/o");
  fs_.FailOn(MemoryFileSystem::Op::kRename, "/o/");
  PrecompileOutcome out = Run(Args({{"/w/a.py", "a.py", {"/o/a.pyc"}}}));
  EXPECT_NE(out.exit_code, 0);
  Result<std::vector<std::string>> left = fs_.ListDir("/o");
  ASSERT_TRUE(left.ok());
  EXPECT_TRUE(left->empty());
}

}  // namespace
}  // namespace pycpack
