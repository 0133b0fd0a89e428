#include <sys/stat.h>

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

std::vector<OwnedEntry> SmallTree() {
  return {Dir("pkg"), File("pkg/__init__.py", "x = 1\n"), Dir("pkg/sub"),
          File("pkg/sub/tool", "#!/bin/sh\n", 0755), File("top.txt", "")};
}

TEST(DirWriterTest, CreatesTheTreeWithModesAndMtimes) {
  MemoryFileSystem fs;
  fs.AddDir("/out");
  ArchiveOptions options;
  options.mtime = 1234567890;
  auto written = WriteArtifact(OutputFormat::kDir, fs, "/out/app", SmallTree(),
                               options);
  ASSERT_TRUE(written.ok()) << written.status().message();
  EXPECT_THAT(fs.Paths(),
              ElementsAre("/out", "/out/app", "/out/app/pkg",
                          "/out/app/pkg/__init__.py", "/out/app/pkg/sub",
                          "/out/app/pkg/sub/tool", "/out/app/top.txt"));
  EXPECT_EQ(fs.ReadFile("/out/app/pkg/__init__.py").value(), "x = 1\n");
  EXPECT_EQ(fs.Stat("/out/app/pkg/sub/tool")->mode, 0755u);
  EXPECT_EQ(fs.Stat("/out/app/top.txt")->mode, 0644u);
  EXPECT_EQ(fs.Stat("/out/app/pkg")->mode, 0755u);
  for (const std::string& path : fs.Paths()) {
    if (path == "/out") continue;
    EXPECT_EQ(fs.Mtime(path).value(), 1234567890) << path;
  }
}

TEST(DirWriterTest, RealTreeHasExactModesAndMtimesWhateverTheUmask) {
  TempDir tmp;
  std::unique_ptr<FileSystem> fs = NewRealFileSystem();
  mode_t old = ::umask(077);
  auto written = WriteArtifact(OutputFormat::kDir, *fs, tmp / "app", SmallTree());
  ::umask(old);
  ASSERT_TRUE(written.ok()) << written.status().message();
  struct Want {
    const char* path;
    mode_t mode;
  };
  for (Want w : {Want{"app", S_IFDIR | 0755}, Want{"app/pkg", S_IFDIR | 0755},
                 Want{"app/pkg/__init__.py", S_IFREG | 0644},
                 Want{"app/pkg/sub", S_IFDIR | 0755},
                 Want{"app/pkg/sub/tool", S_IFREG | 0755},
                 Want{"app/top.txt", S_IFREG | 0644}}) {
    struct stat st;
    ASSERT_EQ(::lstat((tmp / w.path).c_str(), &st), 0) << w.path;
    EXPECT_EQ(st.st_mode, w.mode) << w.path;
    EXPECT_EQ(st.st_mtime, kDefaultMtime) << w.path;
  }
}

TEST(DirWriterTest, RejectsEntriesOutOfOrderOrEscaping) {
  MemoryFileSystem fs;
  auto writer = NewArchiveWriter(OutputFormat::kDir, &fs, "/app", {});
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Add(File("b", "").view()).ok());
  EXPECT_EQ((*writer)->Add(File("a", "").view()).code(), ErrorCode::kInternal);
  EXPECT_EQ((*writer)->Add(File("../escape", "").view()).code(),
            ErrorCode::kUnsafe);
  EXPECT_FALSE(fs.Exists("/escape"));
  EXPECT_FALSE(fs.Exists("/app/a"));
}

TEST(DirWriterTest, FailureInAddIsReportedAndSticks) {
  MemoryFileSystem fs;
  fs.FailOn(Op::kMakeDir, "pkg/sub");
  auto writer = NewArchiveWriter(OutputFormat::kDir, &fs, "/app", {});
  ASSERT_TRUE(writer.ok());
  std::vector<OwnedEntry> tree = SmallTree();
  ASSERT_TRUE((*writer)->Add(tree[0].view()).ok());
  ASSERT_TRUE((*writer)->Add(tree[1].view()).ok());
  Status failed = (*writer)->Add(tree[2].view());
  EXPECT_EQ(failed.message(),
            "cannot create directory '/app/pkg/sub': Input/output error");
  EXPECT_EQ((*writer)->Add(tree[3].view()).message(), failed.message());
  EXPECT_EQ((*writer)->Finish().message(), failed.message());
}

TEST(DirWriterTest, WriteFailuresOfFilesAreReported) {
  for (Op op : {Op::kOpen, Op::kAppend, Op::kClose, Op::kSetMtime}) {
    MemoryFileSystem fs;
    fs.FailOn(op, "__init__");
    auto writer = NewArchiveWriter(OutputFormat::kDir, &fs, "/app", {});
    ASSERT_TRUE(writer.ok());
    Status st = WriteAll(**writer, SmallTree());
    EXPECT_THAT(st.message(), HasSubstr("'/app/pkg/__init__.py'"));
  }
}

TEST(DirWriterTest, FailureSettingDirectoryMtimesFailsFinish) {
  MemoryFileSystem fs;
  fs.FailOn(Op::kSetMtime, "/app/pkg/sub");
  auto writer = NewArchiveWriter(OutputFormat::kDir, &fs, "/app", {});
  ASSERT_TRUE(writer.ok());
  std::vector<OwnedEntry> tree = SmallTree();
  ASSERT_TRUE((*writer)->Add(tree[0].view()).ok());
  ASSERT_TRUE((*writer)->Add(tree[2].view()).ok());
  Status st = (*writer)->Finish();
  EXPECT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("'/app/pkg/sub'"));
}

TEST(DirWriterTest, StagingDirectoryMustBeCreatable) {
  MemoryFileSystem fs;
  auto writer = NewArchiveWriter(OutputFormat::kDir, &fs, "/missing/app", {});
  ASSERT_FALSE(writer.ok());
  EXPECT_THAT(writer.status().message(), HasSubstr("'/missing/app'"));
}

}  // namespace
}  // namespace pycpack
