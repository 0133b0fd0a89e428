// CopyTree, SetTreeWritable, ListTree/TreeChanges and ScratchDir on the
// host file system.
#include "verify/tree.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "fs/scratch_dir.h"
#include "fs/temp_dir.h"

namespace pycpack {
namespace {

void Write(const std::string& path, const std::string& text, mode_t mode) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), mode);
}

void SetMtime(const std::string& path, time_t t) {
  struct timespec times[2] = {{0, UTIME_OMIT}, {t, 0}};
  ::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

struct stat Lstat(const std::string& path) {
  struct stat st {};
  ::lstat(path.c_str(), &st);
  return st;
}

TEST(CopyTreeTest, KeepsContentModesTimesAndSymlinks) {
  TempDir tmp;
  const std::string src = tmp / "src";
  ::mkdir(src.c_str(), 0755);
  ::mkdir((src + "/pkg").c_str(), 0755);
  Write(src + "/pkg/a.py", "a = 1\n", 0644);
  Write(src + "/pkg/run.py", "#!\n", 0755);
  ::symlink("a.py", (src + "/pkg/alias.py").c_str());
  SetMtime(src + "/pkg/a.py", 1111111111);
  SetMtime(src + "/pkg", 1222222222);

  ASSERT_TRUE(CopyTree(src, tmp / "copy").ok());
  Result<TreeListing> a = ListTree(src);
  Result<TreeListing> b = ListTree(tmp / "copy");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(b->size(), 4u);
  EXPECT_EQ(b->at("pkg/alias.py").type, 'l');
  EXPECT_EQ(Lstat(tmp / "copy/pkg/a.py").st_mtime, 1111111111);
  EXPECT_EQ(Lstat(tmp / "copy/pkg").st_mtime, 1222222222);
  EXPECT_EQ(Lstat(tmp / "copy/pkg/run.py").st_mode & 0777, 0755u);
  EXPECT_FALSE(CopyTree(src, tmp / "copy").ok()) << "the target must be new";
}

TEST(SetTreeWritableTest, TakesAndGivesBackWritePermission) {
  TempDir tmp;
  const std::string root = tmp / "root";
  ::mkdir(root.c_str(), 0755);
  ::mkdir((root + "/d").c_str(), 0775);
  Write(root + "/d/f", "x", 0664);
  ASSERT_TRUE(SetTreeWritable(root, false).ok());
  EXPECT_EQ(Lstat(root).st_mode & 0777, 0555u);
  EXPECT_EQ(Lstat(root + "/d").st_mode & 0777, 0555u);
  EXPECT_EQ(Lstat(root + "/d/f").st_mode & 0777, 0444u);
  ASSERT_TRUE(SetTreeWritable(root, true).ok());
  EXPECT_EQ(Lstat(root + "/d").st_mode & 0777, 0755u);
  EXPECT_EQ(Lstat(root + "/d/f").st_mode & 0777, 0644u);
}

TEST(TreeChangesTest, AddedChangedRemoved) {
  TreeListing before = {{"a", {'f', 1, 10}}, {"b", {'f', 2, 20}},
                        {"c", {'d', 0, 0}}};
  TreeListing after = {{"a", {'f', 1, 10}}, {"b", {'f', 2, 21}},
                       {"c", {'d', 0, 0}}, {"c/__pycache__", {'d', 0, 0}}};
  after.erase("a");
  std::vector<TreeChange> changes = TreeChanges(before, after);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].path, "b");
  EXPECT_STREQ(changes[0].what, "changed");
  EXPECT_EQ(changes[1].path, "c/__pycache__");
  EXPECT_STREQ(changes[1].what, "added");
  EXPECT_EQ(changes[2].path, "a");
  EXPECT_STREQ(changes[2].what, "removed");
  EXPECT_TRUE(TreeChanges(before, before).empty());
}

TEST(ScratchDirTest, RemovedWithItsReadOnlyContent) {
  std::string path;
  {
    Result<std::unique_ptr<ScratchDir>> dir = ScratchDir::Create("pycpack-t-");
    ASSERT_TRUE(dir.ok()) << dir.status().message();
    path = (*dir)->path();
    ASSERT_EQ(path[0], '/');
    ::mkdir((path + "/ro").c_str(), 0755);
    Write(path + "/ro/f", "x", 0644);
    ASSERT_TRUE(SetTreeWritable(path + "/ro", false).ok());
  }
  struct stat st;
  EXPECT_NE(::lstat(path.c_str(), &st), 0) << path << " still exists";
}

}  // namespace
}  // namespace pycpack
