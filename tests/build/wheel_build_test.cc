// RunBuild over a library given as a wheel, on the host file system: the
// wheel's installed tree is what ships, messages name files inside the
// wheel, and the extraction is gone when the build is over.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "archive/test_archives.h"
#include "build/build.h"
#include "cli/terminal_printer.h"
#include "fake_compiler.h"
#include "fs/temp_dir.h"

namespace pycpack {
namespace {

using testing::File;
using testing::TestFormat;
using testing::WriteTestArchive;

constexpr char kManifest[] = R"({
  "manifest_version": 1,
  "libraries": [{"name": "demo", "wheel": "wheels/demo-1.0-py3-none-any.whl",
                 "mode": "pyc-only", "exclude": ["demo/skip.py"]}],
  "outputs": [{"path": "dist/site", "format": "dir"}]
})";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class WheelBuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(tmp_ / "wheels");
    std::ofstream(tmp_ / "m.json") << kManifest;
    fs_ = NewRealFileSystem();
    env_.fs = fs_.get();
    env_.compiler = &compiler_;
    env_.observer = &printer_;
    env_.cwd = tmp_.path();
    opt_.manifest_path = "m.json";
  }
  void WriteWheel(const std::string& bad_source) {
    WriteTestArchive(
        tmp_ / "wheels/demo-1.0-py3-none-any.whl", TestFormat::kZip,
        {File("demo/__init__.py", "X = 1\n"), File("demo/bad.py", bad_source),
         File("demo/skip.py", "!error\n"),
         File("demo-1.0.data/purelib/demo_extra.py", "Y = 2\n"),
         File("demo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n"),
         File("demo-1.0.dist-info/RECORD",
              "demo/__init__.py,,\ndemo/bad.py,,\ndemo/skip.py,,\n"
              "demo-1.0.data/purelib/demo_extra.py,,\ndemo-1.0.dist-info/WHEEL,,\n"
              "demo-1.0.dist-info/RECORD,,\n")});
  }

  bool TmpdirEmpty() const {
    return std::filesystem::is_empty(tmp_ / "tmpdir");
  }

  TempDir tmp_;
  ScopedTmpdir scoped_tmpdir_{tmp_ / "tmpdir"};
  std::unique_ptr<FileSystem> fs_;
  FakeCompiler compiler_;
  std::ostringstream log_;
  TerminalPrinter printer_{log_, 1, false};
  BuildEnv env_;
  BuildOptions opt_;
};

TEST_F(WheelBuildTest, ShipsTheInstalledTree) {
  WriteWheel("Z = 3\n");
  BuildReport r = RunBuild(opt_, env_);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  const std::string site = tmp_ / "dist/site";
  EXPECT_EQ(Slurp(site + "/demo/__init__.pyc").substr(16),
            "optimize=0;dfile=demo/__init__.py;X = 1\n");
  EXPECT_EQ(Slurp(site + "/demo_extra.pyc").substr(16),
            "optimize=0;dfile=demo_extra.py;Y = 2\n");
  EXPECT_EQ(Slurp(site + "/demo-1.0.dist-info/WHEEL"), "Wheel-Version: 1.0\n");
  EXPECT_FALSE(std::filesystem::exists(site + "/demo/skip.pyc"));
  EXPECT_FALSE(std::filesystem::exists(site + "/demo-1.0.data"));
  EXPECT_TRUE(TmpdirEmpty());
}

TEST_F(WheelBuildTest, CompileErrorsNameTheFileInsideTheWheel) {
  WriteWheel("a = 1\n!error\n");
  BuildReport r = RunBuild(opt_, env_);
  EXPECT_EQ(r.status.code(), ErrorCode::kCompile);
  EXPECT_EQ(log_.str(),
            "wheels/demo-1.0-py3-none-any.whl!/demo/bad.py:2:5: SyntaxError: "
            "invalid syntax\n");
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "dist"));
  EXPECT_TRUE(TmpdirEmpty());
}

TEST_F(WheelBuildTest, HostileWheelStopsTheBuildBeforeAnythingIsWritten) {
  WriteTestArchive(tmp_ / "wheels/demo-1.0-py3-none-any.whl", TestFormat::kZip,
                   {File("demo/../../evil.py", "x\n")});
  BuildReport r = RunBuild(opt_, env_);
  EXPECT_EQ(r.status.code(), ErrorCode::kUnsafe);
  EXPECT_EQ(r.status.ExitCode(), 1);
  EXPECT_EQ(r.status.message(),
            "m.json: libraries[0] (library \"demo\"): " +
                (tmp_ / "wheels/demo-1.0-py3-none-any.whl") +
                ": entry 'demo/../../evil.py': name with a '..' component");
  EXPECT_EQ(compiler_.calls, 0);
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "dist"));
  EXPECT_FALSE(std::filesystem::exists(tmp_.path() + "/../evil.py"));
  EXPECT_TRUE(TmpdirEmpty());
}

}  // namespace
}  // namespace pycpack
