#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "fs/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pycpack/filesystem.h"

namespace pycpack {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class RealFileSystemTest : public ::testing::Test {
 protected:
  void Write(const std::string& path, const std::string& data,
             uint32_t mode = 0644) {
    auto file = fs_->NewWritableFile(path, mode);
    ASSERT_TRUE(file.ok()) << file.status().message();
    ASSERT_TRUE((*file)->Append(data).ok());
    ASSERT_TRUE((*file)->Close().ok());
  }
  struct stat LstatOrDie(const std::string& path) {
    struct stat st = {};
    EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
    return st;
  }

  TempDir tmp_;
  std::unique_ptr<FileSystem> fs_ = NewRealFileSystem();
};

TEST_F(RealFileSystemTest, WritesAndReadsBackSmallAndLargeAppends) {
  const std::string big(200000, 'x');
  auto file = fs_->NewWritableFile(tmp_ / "f", 0755);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append("head").ok());
  ASSERT_TRUE((*file)->Append(big).ok());
  ASSERT_TRUE((*file)->Append("tail").ok());
  ASSERT_TRUE((*file)->Close().ok());
  EXPECT_TRUE((*file)->Close().ok());  // closing twice is harmless
  EXPECT_FALSE((*file)->Append("more").ok());

  auto content = fs_->ReadFile(tmp_ / "f");
  ASSERT_TRUE(content.ok());
  EXPECT_EQ(*content, "head" + big + "tail");
  auto info = fs_->Lstat(tmp_ / "f");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->type, FileType::kRegular);
  EXPECT_EQ(info->mode, 0755u);
  EXPECT_EQ(info->size, big.size() + 8);
}

TEST_F(RealFileSystemTest, ModesAreExactWhateverTheUmask) {
  mode_t old = ::umask(077);
  Write(tmp_ / "f", "x", 0644);
  Status made = fs_->MakeDir(tmp_ / "d", 0755);
  ::umask(old);
  ASSERT_TRUE(made.ok()) << made.message();
  EXPECT_EQ(LstatOrDie(tmp_ / "f").st_mode & 07777, 0644u);
  EXPECT_EQ(LstatOrDie(tmp_ / "d").st_mode & 07777, 0755u);
}

TEST_F(RealFileSystemTest, ErrorsNameThePath) {
  const std::string missing = tmp_ / "missing.py";
  auto content = fs_->ReadFile(missing);
  ASSERT_FALSE(content.ok());
  EXPECT_EQ(content.status().code(), ErrorCode::kIo);
  EXPECT_EQ(content.status().message(),
            "cannot read '" + missing + "': No such file or directory");
  auto list = fs_->ListDir(missing);
  ASSERT_FALSE(list.ok());
  EXPECT_THAT(list.status().message(), HasSubstr("'" + missing + "'"));
  auto file = fs_->NewWritableFile(tmp_ / "no/such/dir", 0644);
  ASSERT_FALSE(file.ok());
  EXPECT_THAT(file.status().message(), HasSubstr(tmp_ / "no/such/dir"));
  ASSERT_TRUE(fs_->MakeDir(tmp_ / "d", 0755).ok());
  Status again = fs_->MakeDir(tmp_ / "d", 0755);
  EXPECT_EQ(again.message(), "cannot create directory '" + (tmp_ / "d") +
                                 "': File exists");
  EXPECT_FALSE(fs_->ReadFile(tmp_ / "d").ok());
}

TEST_F(RealFileSystemTest, ListDirIsSortedBytewise) {
  for (const char* name : {"b", "a", "B", "_", "\xc3\xa9", "a-b", "a.b"}) {
    Write(tmp_ / name, "");
  }
  ASSERT_TRUE(fs_->MakeDir(tmp_ / "a0", 0755).ok());
  auto names = fs_->ListDir(tmp_.path());
  ASSERT_TRUE(names.ok());
  EXPECT_THAT(*names, ElementsAre("B", "_", "a", "a-b", "a.b", "a0", "b",
                                  "\xc3\xa9"));
}

TEST_F(RealFileSystemTest, SymlinksAreReportedOrFollowedAsAsked) {
  Write(tmp_ / "target.py", "print(1)\n");
  ASSERT_EQ(::symlink("target.py", (tmp_ / "link.py").c_str()), 0);
  ASSERT_EQ(::symlink("nowhere", (tmp_ / "dangling").c_str()), 0);

  EXPECT_EQ(fs_->Lstat(tmp_ / "link.py")->type, FileType::kSymlink);
  EXPECT_EQ(fs_->Stat(tmp_ / "link.py")->type, FileType::kRegular);
  EXPECT_EQ(fs_->ReadFile(tmp_ / "link.py").value(), "print(1)\n");
  auto real = fs_->RealPath(tmp_ / "link.py");
  ASSERT_TRUE(real.ok());
  EXPECT_EQ(*real, fs_->RealPath(tmp_.path()).value() + "/target.py");

  EXPECT_TRUE(fs_->Exists(tmp_ / "dangling"));
  EXPECT_FALSE(fs_->Stat(tmp_ / "dangling").ok());
  EXPECT_FALSE(fs_->RealPath(tmp_ / "dangling").ok());
  EXPECT_FALSE(fs_->Exists(tmp_ / "absent"));
}

TEST_F(RealFileSystemTest, SetMtimeDoesNotFollowSymlinks) {
  Write(tmp_ / "f", "");
  ASSERT_EQ(::symlink("f", (tmp_ / "l").c_str()), 0);
  ASSERT_TRUE(fs_->SetMtime(tmp_ / "f", 315532800).ok());
  ASSERT_TRUE(fs_->SetMtime(tmp_ / "l", 1000000000).ok());
  ASSERT_TRUE(fs_->SetMtime(tmp_.path(), 1234567890).ok());
  EXPECT_EQ(LstatOrDie(tmp_ / "f").st_mtime, 315532800);
  EXPECT_EQ(LstatOrDie(tmp_ / "l").st_mtime, 1000000000);
  EXPECT_EQ(LstatOrDie(tmp_.path()).st_mtime, 1234567890);
  EXPECT_FALSE(fs_->SetMtime(tmp_ / "absent", 0).ok());
}

TEST_F(RealFileSystemTest, RenameReplacesAFile) {
  Write(tmp_ / "new", "new");
  Write(tmp_ / "old", "old");
  ASSERT_TRUE(fs_->Rename(tmp_ / "new", tmp_ / "old").ok());
  EXPECT_EQ(fs_->ReadFile(tmp_ / "old").value(), "new");
  EXPECT_FALSE(fs_->Exists(tmp_ / "new"));
  Status st = fs_->Rename(tmp_ / "new", tmp_ / "old");
  EXPECT_EQ(st.message(), "cannot rename '" + (tmp_ / "new") + "' to '" +
                              (tmp_ / "old") +
                              "': No such file or directory");
}

TEST_F(RealFileSystemTest, ExchangeSwapsTwoDirectories) {
  ASSERT_TRUE(fs_->MakeDir(tmp_ / "a", 0755).ok());
  ASSERT_TRUE(fs_->MakeDir(tmp_ / "b", 0755).ok());
  Write(tmp_ / "a/from_a", "");
  Write(tmp_ / "b/from_b", "");
  Status st = fs_->Exchange(tmp_ / "a", tmp_ / "b");
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_THAT(fs_->ListDir(tmp_ / "a").value(), ElementsAre("from_b"));
  EXPECT_THAT(fs_->ListDir(tmp_ / "b").value(), ElementsAre("from_a"));

  Status missing = fs_->Exchange(tmp_ / "a", tmp_ / "c");
  EXPECT_FALSE(missing.ok());
  EXPECT_THAT(missing.message(), HasSubstr(tmp_ / "c"));
  EXPECT_THAT(fs_->ListDir(tmp_ / "a").value(), ElementsAre("from_b"));
}

TEST_F(RealFileSystemTest, RemoveAllStaysInsideTheTree) {
  ASSERT_TRUE(fs_->MakeDir(tmp_ / "outside", 0755).ok());
  Write(tmp_ / "outside/keep", "keep");
  ASSERT_TRUE(fs_->MakeDir(tmp_ / "tree", 0755).ok());
  ASSERT_TRUE(fs_->MakeDir(tmp_ / "tree/sub", 0700).ok());
  Write(tmp_ / "tree/sub/f", "");
  ASSERT_EQ(::symlink((tmp_ / "outside").c_str(),
                      (tmp_ / "tree/dirlink").c_str()), 0);
  ASSERT_EQ(::symlink("../../outside/keep", (tmp_ / "tree/sub/filelink").c_str()),
            0);
  ASSERT_EQ(::symlink((tmp_ / "outside").c_str(), (tmp_ / "toplink").c_str()),
            0);

  ASSERT_TRUE(fs_->RemoveAll(tmp_ / "tree").ok());
  EXPECT_FALSE(fs_->Exists(tmp_ / "tree"));
  ASSERT_TRUE(fs_->RemoveAll(tmp_ / "toplink").ok());
  EXPECT_FALSE(fs_->Exists(tmp_ / "toplink"));
  EXPECT_EQ(fs_->ReadFile(tmp_ / "outside/keep").value(), "keep");
  EXPECT_TRUE(fs_->RemoveAll(tmp_ / "never-existed").ok());
  EXPECT_TRUE(fs_->RemoveAll(tmp_ / "never/existed").ok());
}

TEST_F(RealFileSystemTest, RemoveAllRemovesAFile) {
  Write(tmp_ / "f", "");
  ASSERT_TRUE(fs_->RemoveAll(tmp_ / "f").ok());
  EXPECT_FALSE(fs_->Exists(tmp_ / "f"));
}

}  // namespace
}  // namespace pycpack
