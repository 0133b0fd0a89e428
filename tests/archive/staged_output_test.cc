#include <unistd.h>

#include <regex>
#include <string>
#include <vector>

#include "fs/memory_filesystem.h"
#include "fs/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pycpack/archive.h"
#include "test_entries.h"

namespace pycpack {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Op = MemoryFileSystem::Op;

class StagedOutputTest : public ::testing::Test {
 protected:
  StagedOutputTest() { fs_.AddDir("/out"); }

  std::unique_ptr<StagedOutput> Begin(const std::string& destination) {
    auto out = StagedOutput::Begin(&fs_, destination);
    EXPECT_TRUE(out.ok()) << out.status().message();
    return out.ok() ? std::move(out).value() : nullptr;
  }
  // Stages a file holding |content| (or a directory holding file "new").
  void StageFile(const StagedOutput& out, const std::string& content) {
    fs_.AddFile(out.staging_path(), content);
  }
  void StageDir(const StagedOutput& out) {
    fs_.AddFile(out.staging_path() + "/new", "new");
  }

  MemoryFileSystem fs_;
};

TEST_F(StagedOutputTest, StagingNameIsHiddenNextToTheDestination) {
  auto a = Begin("/out/app.tar.gz");
  auto b = Begin("/out/app.tar.gz");
  ASSERT_TRUE(a && b);
  const std::regex name(R"(/out/\.app\.tar\.gz\.pycpack-tmp-[0-9]+-[0-9a-f]{16})");
  EXPECT_TRUE(std::regex_match(a->staging_path(), name)) << a->staging_path();
  EXPECT_NE(a->staging_path(), b->staging_path());
  EXPECT_EQ(a->destination(), "/out/app.tar.gz");
  EXPECT_FALSE(fs_.Exists(a->staging_path()));  // the writer creates it
}

TEST_F(StagedOutputTest, RelativeAndRootDestinations) {
  auto relative = Begin("app.zip");
  ASSERT_TRUE(relative);
  EXPECT_EQ(relative->staging_path().rfind(".app.zip.pycpack-tmp-", 0), 0u);
  auto at_root = Begin("/app.zip");
  ASSERT_TRUE(at_root);
  EXPECT_EQ(at_root->staging_path().rfind("/.app.zip.pycpack-tmp-", 0), 0u);
  EXPECT_FALSE(StagedOutput::Begin(&fs_, "/out/..").ok());
}

TEST_F(StagedOutputTest, TrailingSlashNamesTheDirectory) {
  auto out = Begin("/out/site/");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->destination(), "/out/site");
  EXPECT_EQ(out->staging_path().rfind("/out/.site.pycpack-tmp-", 0), 0u);
}

TEST_F(StagedOutputTest, DestinationDirectoryMustExist) {
  auto out = StagedOutput::Begin(&fs_, "/missing/app.zip");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), ErrorCode::kIo);
  EXPECT_THAT(out.status().message(), HasSubstr("'/missing'"));
  fs_.AddFile("/file", "");
  out = StagedOutput::Begin(&fs_, "/file/app.zip");
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.status().message(), HasSubstr("'/file'"));
}

TEST_F(StagedOutputTest, CommitMovesAFileIntoPlace) {
  auto out = Begin("/out/app.zip");
  StageFile(*out, "new");
  ASSERT_TRUE(out->Commit().ok());
  EXPECT_THAT(fs_.Paths(), ElementsAre("/out", "/out/app.zip"));
  EXPECT_EQ(fs_.ReadFile("/out/app.zip").value(), "new");
  EXPECT_FALSE(out->Commit().ok());  // only once
}

TEST_F(StagedOutputTest, CommitReplacesAFile) {
  fs_.AddFile("/out/app.zip", "old");
  auto out = Begin("/out/app.zip");
  StageFile(*out, "new");
  ASSERT_TRUE(out->Commit().ok());
  EXPECT_THAT(fs_.Paths(), ElementsAre("/out", "/out/app.zip"));
  EXPECT_EQ(fs_.ReadFile("/out/app.zip").value(), "new");
}

TEST_F(StagedOutputTest, CommitReplacesADirectory) {
  fs_.AddFile("/out/site/old/file", "old");
  auto out = Begin("/out/site");
  StageDir(*out);
  ASSERT_TRUE(out->Commit().ok());
  EXPECT_THAT(fs_.Paths(), ElementsAre("/out", "/out/site", "/out/site/new"));
}

TEST_F(StagedOutputTest, CommitReplacesADirectoryWithoutExchange) {
  fs_.AddFile("/out/site/old/file", "old");
  fs_.FailOn(Op::kExchange, "");
  auto out = Begin("/out/site");
  StageDir(*out);
  ASSERT_TRUE(out->Commit().ok());
  EXPECT_THAT(fs_.Paths(), ElementsAre("/out", "/out/site", "/out/site/new"));
}

TEST_F(StagedOutputTest, FileOverDirectoryIsRefused) {
  fs_.AddFile("/out/app/keep", "keep");
  {
    auto out = Begin("/out/app");
    StageFile(*out, "new");
    Status st = out->Commit();
    EXPECT_EQ(st.code(), ErrorCode::kIo);
    EXPECT_EQ(st.message(), "'/out/app' exists and is a directory");
  }  // the destructor removes the staged file
  EXPECT_THAT(fs_.Paths(), ElementsAre("/out", "/out/app", "/out/app/keep"));
}

TEST_F(StagedOutputTest, DirectoryOverFileIsRefused) {
  fs_.AddFile("/out/app", "keep");
  auto out = Begin("/out/app");
  StageDir(*out);
  Status st = out->Commit();
  EXPECT_EQ(st.message(), "'/out/app' exists and is not a directory");
  out->Abort();
  EXPECT_THAT(fs_.Paths(), ElementsAre("/out", "/out/app"));
  EXPECT_EQ(fs_.ReadFile("/out/app").value(), "keep");
}

TEST_F(StagedOutputTest, AbortLeavesTheDestinationUntouched) {
  fs_.AddFile("/out/app.zip", "old");
  auto out = Begin("/out/app.zip");
  StageFile(*out, "partial");
  out->Abort();
  EXPECT_THAT(fs_.Paths(), ElementsAre("/out", "/out/app.zip"));
  EXPECT_EQ(fs_.ReadFile("/out/app.zip").value(), "old");
  EXPECT_FALSE(out->Commit().ok());
}

TEST_F(StagedOutputTest, DestructorAbortsAnUncommittedOutput) {
  fs_.AddFile("/out/site/old", "old");
  {
    auto out = Begin("/out/site");
    StageDir(*out);
  }
  EXPECT_THAT(fs_.Paths(), ElementsAre("/out", "/out/site", "/out/site/old"));
}

TEST_F(StagedOutputTest, FailedRenameLeavesTheDestinationUntouched) {
  fs_.AddFile("/out/app.zip", "old");
  fs_.FailOn(Op::kRename, "app.zip");
  {
    auto out = Begin("/out/app.zip");
    StageFile(*out, "new");
    Status st = out->Commit();
    EXPECT_FALSE(st.ok());
    EXPECT_THAT(st.message(), HasSubstr("replacing '/out/app.zip'"));
  }
  EXPECT_THAT(fs_.Paths(), ElementsAre("/out", "/out/app.zip"));
  EXPECT_EQ(fs_.ReadFile("/out/app.zip").value(), "old");
}

TEST_F(StagedOutputTest, FallbackPutsTheOldDirectoryBackOnFailure) {
  fs_.AddFile("/out/site/old", "old");
  fs_.FailOn(Op::kExchange, "");
  // The old directory goes aside, the new one fails to move in.
  fs_.FailOn(Op::kRename, "/out/site", /*skip=*/1);
  {
    auto out = Begin("/out/site");
    StageDir(*out);
    Status st = out->Commit();
    EXPECT_FALSE(st.ok());
    EXPECT_THAT(st.message(), HasSubstr("replacing '/out/site'"));
  }
  EXPECT_THAT(fs_.Paths(), ElementsAre("/out", "/out/site", "/out/site/old"));
}

TEST_F(StagedOutputTest, FailedWriterThenAbortLeavesNothingBehind) {
  fs_.AddFile("/out/app.tar", "old");
  fs_.SetWriteLimit(5000);
  {
    auto out = Begin("/out/app.tar");
    auto writer = NewArchiveWriter(OutputFormat::kTar, &fs_,
                                   out->staging_path(), {});
    ASSERT_TRUE(writer.ok());
    EXPECT_FALSE(WriteAll(**writer, SampleEntries()).ok());
  }
  EXPECT_THAT(fs_.Paths(), ElementsAre("/out", "/out/app.tar"));
  EXPECT_EQ(fs_.ReadFile("/out/app.tar").value(), "old");
}

// The whole sequence on the host file system: a directory artifact replaces
// an older one (by exchange) and a tar replaces an older file.
TEST(StagedOutputRealTest, ReplacesArtifactsOnDisk) {
  TempDir tmp;
  std::unique_ptr<FileSystem> fs = NewRealFileSystem();
  ASSERT_TRUE(fs->MakeDir(tmp / "site", 0755).ok());
  ASSERT_TRUE(fs->MakeDir(tmp / "site/stale", 0755).ok());
  for (auto [format, name] : {std::pair{OutputFormat::kDir, "site"},
                              std::pair{OutputFormat::kTar, "app.tar"},
                              std::pair{OutputFormat::kTar, "app.tar"}}) {
    auto out = StagedOutput::Begin(fs.get(), tmp / name);
    ASSERT_TRUE(out.ok()) << out.status().message();
    auto writer = NewArchiveWriter(format, fs.get(), (*out)->staging_path(), {});
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    ASSERT_TRUE(WriteAll(**writer, {Dir("pkg"), File("pkg/m.py", "m")}).ok());
    Status st = (*out)->Commit();
    ASSERT_TRUE(st.ok()) << st.message();
  }
  EXPECT_THAT(fs->ListDir(tmp.path()).value(), ElementsAre("app.tar", "site"));
  EXPECT_THAT(fs->ListDir(tmp / "site").value(), ElementsAre("pkg"));
  EXPECT_EQ(fs->ReadFile(tmp / "site/pkg/m.py").value(), "m");
  EXPECT_EQ(fs->Stat(tmp / "app.tar")->type, FileType::kRegular);
}

}  // namespace
}  // namespace pycpack

namespace pycpack {
namespace {

TEST(StagedOutputLeftoversTest, TemporariesOfDeadProcessesAreRemovedOthersKept) {
  MemoryFileSystem fs;
  fs.AddDir("/out");
  // pid 2^30 is above any pid_max Linux allows: that process cannot exist.
  fs.AddFile("/out/.app.zip.pycpack-tmp-1073741824-0123456789abcdef", "partial");
  fs.AddDir("/out/.app.zip.pycpack-tmp-1073741824-fedcba9876543210.old");
  std::string mine = "/out/.app.zip.pycpack-tmp-" + std::to_string(getpid()) + "-00";
  fs.AddFile(mine, "a build still running");
  fs.AddFile("/out/.other.zip.pycpack-tmp-1073741824-00", "another destination's");
  fs.AddFile("/out/.app.zip.pycpack-tmp-notapid", "not ours");
  Result<std::unique_ptr<StagedOutput>> out = StagedOutput::Begin(&fs, "/out/app.zip");
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_FALSE(fs.Exists("/out/.app.zip.pycpack-tmp-1073741824-0123456789abcdef"));
  EXPECT_FALSE(fs.Exists("/out/.app.zip.pycpack-tmp-1073741824-fedcba9876543210.old"));
  EXPECT_TRUE(fs.Exists(mine));
  EXPECT_TRUE(fs.Exists("/out/.other.zip.pycpack-tmp-1073741824-00"));
  EXPECT_TRUE(fs.Exists("/out/.app.zip.pycpack-tmp-notapid"));
}

}  // namespace
}  // namespace pycpack
