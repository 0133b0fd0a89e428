#include "fs/memory_filesystem.h"

#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pycpack {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Op = MemoryFileSystem::Op;

Status WriteFile(FileSystem& fs, const std::string& path,
                 const std::string& data, uint32_t mode = 0644) {
  auto file = fs.NewWritableFile(path, mode);
  if (!file.ok()) return file.status();
  PYCPACK_RETURN_IF_ERROR((*file)->Append(data));
  return (*file)->Close();
}

TEST(MemoryFileSystemTest, PopulatesAndListsSorted) {
  MemoryFileSystem fs;
  fs.AddFile("/src/pkg/b.py", "b");
  fs.AddFile("/src/pkg/a.py", "a", 0755);
  fs.AddDir("/src/pkg/a");
  fs.AddFile("/src/pkg/a-b.py", "");
  EXPECT_THAT(fs.ListDir("/src/pkg").value(), ElementsAre("a", "a-b.py", "a.py", "b.py"));
  EXPECT_THAT(fs.Paths(), ElementsAre("/src", "/src/pkg", "/src/pkg/a",
                                      "/src/pkg/a-b.py", "/src/pkg/a.py",
                                      "/src/pkg/b.py"));
  auto info = fs.Stat("/src/pkg/a.py");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->type, FileType::kRegular);
  EXPECT_EQ(info->mode, 0755u);
  EXPECT_EQ(info->size, 1u);
  EXPECT_EQ(fs.Stat("/src")->type, FileType::kDirectory);
  EXPECT_EQ(fs.ReadFile("/src/pkg/b.py").value(), "b");
  EXPECT_EQ(fs.ReadFile("src/pkg/b.py").value(), "b");  // relative to '/'
}

TEST(MemoryFileSystemTest, ErrorsUseTheHostWording) {
  MemoryFileSystem fs;
  fs.AddFile("/f", "");
  EXPECT_EQ(fs.ReadFile("/missing.py").status().message(),
            "cannot read '/missing.py': No such file or directory");
  EXPECT_EQ(fs.ReadFile("/f/x").status().message(),
            "cannot read '/f/x': Not a directory");
  EXPECT_EQ(fs.ListDir("/f").status().message(),
            "cannot list '/f': Not a directory");
  EXPECT_EQ(fs.ReadFile("/").status().message(),
            "cannot read '/': Is a directory");
  EXPECT_EQ(fs.MakeDir("/f", 0755).message(),
            "cannot create directory '/f': File exists");
  EXPECT_EQ(fs.MakeDir("/a/b", 0755).message(),
            "cannot create directory '/a/b': No such file or directory");
  EXPECT_EQ(fs.ReadFile("/f").status().code(), ErrorCode::kOk);
}

TEST(MemoryFileSystemTest, ResolvesSymlinks) {
  MemoryFileSystem fs;
  fs.AddFile("/real/pkg/mod.py", "x = 1\n");
  fs.AddSymlink("/src/pkg", "../real/pkg");     // relative
  fs.AddSymlink("/abs", "/real");               // absolute
  fs.AddSymlink("/chain", "abs/pkg/../pkg");    // through a link and ".."
  fs.AddSymlink("/dangling", "/nowhere");
  fs.AddSymlink("/loop1", "loop2");
  fs.AddSymlink("/loop2", "loop1");

  EXPECT_EQ(fs.ReadFile("/src/pkg/mod.py").value(), "x = 1\n");
  EXPECT_EQ(fs.RealPath("/src/pkg/mod.py").value(), "/real/pkg/mod.py");
  EXPECT_EQ(fs.RealPath("/chain").value(), "/real/pkg");
  EXPECT_THAT(fs.ListDir("/abs/pkg").value(), ElementsAre("mod.py"));
  EXPECT_EQ(fs.Lstat("/src/pkg")->type, FileType::kSymlink);
  EXPECT_EQ(fs.Stat("/src/pkg")->type, FileType::kDirectory);
  EXPECT_EQ(fs.ReadLink("/src/pkg").value(), "../real/pkg");
  // ".." after a symlinked directory climbs from its target.
  EXPECT_EQ(fs.RealPath("/src/pkg/..").value(), "/real");

  EXPECT_TRUE(fs.Exists("/dangling"));
  EXPECT_EQ(fs.Lstat("/dangling")->type, FileType::kSymlink);
  EXPECT_FALSE(fs.Stat("/dangling").ok());
  EXPECT_EQ(fs.RealPath("/loop1").status().message(),
            "cannot resolve '/loop1': Too many levels of symbolic links");
}

TEST(MemoryFileSystemTest, WritesThroughSymlinksAndFollowsRenames) {
  MemoryFileSystem fs;
  fs.AddDir("/out");
  fs.AddSymlink("/link", "/out/target");
  ASSERT_TRUE(WriteFile(fs, "/link", "via link").ok());
  EXPECT_EQ(fs.ReadFile("/out/target").value(), "via link");

  auto file = fs.NewWritableFile("/out/a", 0600);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append("one ").ok());
  ASSERT_TRUE(fs.Rename("/out/a", "/out/b").ok());
  ASSERT_TRUE((*file)->Append("two").ok());
  ASSERT_TRUE((*file)->Close().ok());
  EXPECT_FALSE((*file)->Append("late").ok());
  EXPECT_EQ(fs.ReadFile("/out/b").value(), "one two");
  EXPECT_EQ(fs.Stat("/out/b")->mode, 0600u);
  EXPECT_FALSE(fs.Exists("/out/a"));
}

TEST(MemoryFileSystemTest, RenameFollowsPosixRules) {
  MemoryFileSystem fs;
  fs.AddFile("/f", "new");
  fs.AddFile("/g", "old");
  fs.AddFile("/d/x", "");
  fs.AddDir("/empty");
  fs.AddFile("/full/y", "");
  ASSERT_TRUE(fs.Rename("/f", "/g").ok());
  EXPECT_EQ(fs.ReadFile("/g").value(), "new");
  EXPECT_THAT(fs.Rename("/g", "/d").message(), HasSubstr("Is a directory"));
  EXPECT_THAT(fs.Rename("/d", "/g").message(), HasSubstr("Not a directory"));
  EXPECT_THAT(fs.Rename("/d", "/full").message(),
              HasSubstr("Directory not empty"));
  EXPECT_THAT(fs.Rename("/d", "/d/sub").message(),
              HasSubstr("Invalid argument"));
  ASSERT_TRUE(fs.Rename("/d", "/empty").ok());
  EXPECT_EQ(fs.ReadFile("/empty/x").value(), "");
  EXPECT_FALSE(fs.Exists("/d"));
}

TEST(MemoryFileSystemTest, ExchangeSwapsSubtrees) {
  MemoryFileSystem fs;
  fs.AddFile("/a/deep/one", "1");
  fs.AddFile("/b/two", "2");
  ASSERT_TRUE(fs.Exchange("/a", "/b").ok());
  EXPECT_THAT(fs.Paths(), ElementsAre("/a", "/a/two", "/b", "/b/deep",
                                      "/b/deep/one"));
  EXPECT_EQ(fs.ReadFile("/b/deep/one").value(), "1");
  EXPECT_EQ(fs.Exchange("/a", "/c").message(),
            "cannot exchange '/a' and '/c': No such file or directory");
}

TEST(MemoryFileSystemTest, RemoveAllDoesNotFollowSymlinks) {
  MemoryFileSystem fs;
  fs.AddFile("/keep/data", "keep");
  fs.AddFile("/tree/sub/f", "");
  fs.AddSymlink("/tree/link", "/keep");
  fs.AddSymlink("/toplink", "/keep");
  ASSERT_TRUE(fs.RemoveAll("/tree").ok());
  ASSERT_TRUE(fs.RemoveAll("/toplink").ok());
  ASSERT_TRUE(fs.RemoveAll("/absent/path").ok());
  EXPECT_THAT(fs.Paths(), ElementsAre("/keep", "/keep/data"));
}

TEST(MemoryFileSystemTest, RecordsMtimes) {
  MemoryFileSystem fs;
  fs.AddFile("/f", "");
  fs.AddSymlink("/l", "f");
  ASSERT_TRUE(fs.SetMtime("/f", 315532800).ok());
  ASSERT_TRUE(fs.SetMtime("/l", 7).ok());
  EXPECT_EQ(fs.Mtime("/f").value(), 315532800);
  EXPECT_EQ(fs.Mtime("/l").value(), 7);
  EXPECT_FALSE(fs.SetMtime("/absent", 1).ok());
}

// One case per Op: the operation, run on a path containing "hit".
struct FaultCase {
  Op op;
  std::function<Status(MemoryFileSystem&)> run;
};

std::vector<FaultCase> FaultCases() {
  auto status_of = [](auto result) { return result.status(); };
  return {
      {Op::kStat, [=](MemoryFileSystem& fs) { return status_of(fs.Lstat("/hit/f")); }},
      {Op::kListDir, [=](MemoryFileSystem& fs) { return status_of(fs.ListDir("/hit")); }},
      {Op::kRead, [=](MemoryFileSystem& fs) { return status_of(fs.ReadFile("/hit/f")); }},
      {Op::kRealPath, [=](MemoryFileSystem& fs) { return status_of(fs.RealPath("/hit")); }},
      {Op::kOpen, [=](MemoryFileSystem& fs) { return WriteFile(fs, "/hit/new", "x"); }},
      {Op::kAppend, [=](MemoryFileSystem& fs) { return WriteFile(fs, "/hit/new", "x"); }},
      {Op::kClose, [=](MemoryFileSystem& fs) { return WriteFile(fs, "/hit/new", "x"); }},
      {Op::kMakeDir, [](MemoryFileSystem& fs) { return fs.MakeDir("/hit/d", 0755); }},
      {Op::kSetMtime, [](MemoryFileSystem& fs) { return fs.SetMtime("/hit/f", 1); }},
      {Op::kRename, [](MemoryFileSystem& fs) { return fs.Rename("/hit/f", "/hit/g"); }},
      {Op::kExchange, [](MemoryFileSystem& fs) { return fs.Exchange("/hit", "/other"); }},
      {Op::kRemove, [](MemoryFileSystem& fs) { return fs.RemoveAll("/hit/f"); }},
  };
}

TEST(MemoryFileSystemTest, EachInjectedFaultFailsOnceOnAMatchingPath) {
  for (const FaultCase& c : FaultCases()) {
    SCOPED_TRACE(static_cast<int>(c.op));
    MemoryFileSystem fs;
    fs.AddFile("/hit/f", "content");
    fs.AddDir("/other");
    fs.AddFile("/miss/f", "");
    fs.FailOn(c.op, "hit");
    Status failed = c.run(fs);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.code(), ErrorCode::kIo);
    EXPECT_THAT(failed.message(), HasSubstr("'/hit"));
    EXPECT_THAT(failed.message(), HasSubstr("Input/output error"));
    Status again = c.run(fs);  // the fault was used up
    EXPECT_TRUE(again.ok()) << again.message();
  }
}

TEST(MemoryFileSystemTest, FaultsOnlyMatchTheirPathAndOp) {
  MemoryFileSystem fs;
  fs.AddFile("/a/f", "");
  fs.FailOn(Op::kRead, "b/");
  fs.FailOn(Op::kAppend, "");
  EXPECT_TRUE(fs.ReadFile("/a/f").ok());
  EXPECT_TRUE(fs.MakeDir("/b", 0755).ok());
  EXPECT_FALSE(WriteFile(fs, "/b/x", "data").ok());  // kAppend, any path
  EXPECT_FALSE(fs.ReadFile("/b/x").ok());            // kRead on "b/"
  EXPECT_TRUE(fs.ReadFile("/b/x").ok());
}

TEST(MemoryFileSystemTest, FaultCanSkipMatchingCalls) {
  MemoryFileSystem fs;
  fs.AddFile("/f", "");
  fs.FailOn(Op::kRead, "/f", 2);
  EXPECT_TRUE(fs.ReadFile("/f").ok());
  EXPECT_TRUE(fs.ReadFile("/other").status().message().find("Input/output") ==
              std::string::npos);  // not matching: not counted
  EXPECT_TRUE(fs.ReadFile("/f").ok());
  EXPECT_FALSE(fs.ReadFile("/f").ok());
  EXPECT_TRUE(fs.ReadFile("/f").ok());
}

TEST(MemoryFileSystemTest, DiskFullAfterTheWriteLimit) {
  MemoryFileSystem fs;
  fs.SetWriteLimit(10);
  ASSERT_TRUE(WriteFile(fs, "/a", "123456").ok());
  auto file = fs.NewWritableFile("/b", 0644);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append("1234").ok());
  Status full = (*file)->Append("5");
  EXPECT_EQ(full.message(), "cannot write '/b': No space left on device");
  EXPECT_EQ(fs.ReadFile("/b").value(), "1234");
  fs.SetWriteLimit(std::nullopt);
  EXPECT_TRUE((*file)->Append("5").ok());
}

}  // namespace
}  // namespace pycpack
