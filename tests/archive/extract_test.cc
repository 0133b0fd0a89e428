// ExtractArchive: what it writes, and the hostile members it refuses.
#include "archive/extract.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "fs/temp_dir.h"
#include "archive/test_archives.h"
#include "util/paths.h"

namespace pycpack::testing {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

class ExtractTest : public ::testing::TestWithParam<TestFormat> {
 protected:
  ExtractTest() { ::mkdir(dest().c_str(), 0755); }
  std::string archive() const { return tmp_ / "artifact"; }
  std::string dest() const { return tmp_ / "dest"; }

  // Extracts an archive of |members|; returns the status.
  Status Extract(const std::vector<TestMember>& members) {
    WriteTestArchive(archive(), GetParam(), members);
    return ExtractArchive(archive(), dest());
  }

  TempDir tmp_;
};

TEST_P(ExtractTest, WritesFilesDirectoriesAndModificationTimes) {
  ASSERT_TRUE(Extract({Dir("pkg/"),
                       File("pkg/__init__.py", "x = 1\n", 1234567890),
                       Dir("pkg/__pycache__/"),
                       File("pkg/__pycache__/m.pyc", std::string("\0\1", 2)),
                       File("top.py", "")})
                  .ok());
  EXPECT_EQ(Slurp(dest() + "/pkg/__init__.py"), "x = 1\n");
  EXPECT_EQ(Slurp(dest() + "/pkg/__pycache__/m.pyc"), std::string("\0\1", 2));
  EXPECT_TRUE(Exists(dest() + "/top.py"));
  struct stat st;
  ASSERT_EQ(::stat((dest() + "/pkg/__init__.py").c_str(), &st), 0);
  EXPECT_EQ(st.st_mtime, 1234567890);
}

TEST_P(ExtractTest, KeepsSymlinksThatStayInside) {
  ASSERT_TRUE(Extract({File("real/a.py", "a\n"),
                       Symlink("real/sub/link.py", "../a.py")})
                  .ok());
  EXPECT_EQ(Slurp(dest() + "/real/sub/link.py"), "a\n");
}

TEST_P(ExtractTest, RefusesAbsoluteNames) {
  const std::string outside = tmp_ / "outside.py";
  Status s = Extract({File("ok.py", "1\n"), File(outside, "evil\n")});
  EXPECT_EQ(s.code(), ErrorCode::kUnsafe);
  EXPECT_NE(s.message().find(archive() + ": entry '" + outside + "'"),
            std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("absolute"), std::string::npos) << s.message();
  EXPECT_FALSE(Exists(outside));
}

TEST_P(ExtractTest, RefusesDotDotComponents) {
  Status s = Extract({File("pkg/../../escape.py", "evil\n")});
  EXPECT_EQ(s.code(), ErrorCode::kUnsafe);
  EXPECT_NE(s.message().find("entry 'pkg/../../escape.py'"), std::string::npos)
      << s.message();
  EXPECT_FALSE(Exists(tmp_ / "escape.py"));
}

TEST_P(ExtractTest, RefusesSymlinksLeadingOutside) {
  const std::pair<std::string, std::string> links[] = {
      {"pkg/link", "../.."}, {"pkg/link", "/etc"},
      {"pkg/link", "a/../../../x"}, {"link", ".."}, {"link", ""}};
  for (const auto& [name, target] : links) {
    Status s = Extract({Symlink(name, target)});
    EXPECT_EQ(s.code(), ErrorCode::kUnsafe) << name << " -> " << target;
    EXPECT_NE(s.message().find("entry '" + name + "'"), std::string::npos)
        << s.message();
    EXPECT_FALSE(Exists(dest() + "/" + name)) << target;
  }
}

TEST_P(ExtractTest, RefusesSymlinksClimbingThroughASymlink) {
  // Each link alone looks inside ("s/.." is "." on paper), but s is a
  // symlink to ".", so "up" would be dest/.. : climbing after descending
  // is refused, in whichever order the links come.
  for (const auto& members : {std::vector{Symlink("s", "."), Symlink("up", "s/..")},
                              std::vector{Symlink("up", "s/.."), Symlink("s", ".")},
                              std::vector{Symlink("up", "./s/./../x")}}) {
    Status s = Extract(members);
    EXPECT_EQ(s.code(), ErrorCode::kUnsafe) << s.message();
    EXPECT_NE(s.message().find("entry 'up': symlink"), std::string::npos)
        << s.message();
    EXPECT_FALSE(Exists(dest() + "/up"));
  }
}

TEST_P(ExtractTest, RefusesSymlinksWhoseNameEndsInASlash) {
  // libarchive writes "l/" and "l/." as the symlink l: ".." from there is
  // outside, not dest itself.
  const std::pair<std::string, std::string> links[] = {
      {"l/", ".."}, {"l/.", ".."}, {"pkg/l/", "../.."}};
  for (const auto& [name, target] : links) {
    Status s = Extract({Symlink(name, target)});
    struct stat st;
    const std::string link = dest() + "/" + NormalizePath(name);
    if (GetParam() != TestFormat::kZip || !name.ends_with('/')) {  // else a zip directory
      EXPECT_EQ(s.code(), ErrorCode::kUnsafe) << name << ": " << s.message();
    }
    EXPECT_FALSE(::lstat(link.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) << name;
  }
}

TEST_P(ExtractTest, KeepsSymlinksThatOnlyClimbFirst) {
  ASSERT_TRUE(Extract({File("a/b.py", "b\n"), Symlink("c/d/link.py", "./../../a/./b.py")})
                  .ok());
  EXPECT_EQ(Slurp(dest() + "/c/d/link.py"), "b\n");
}

TEST_P(ExtractTest, RefusesWritingThroughASymlink) {
  // The link itself stays inside, but a later member may not use it to
  // write where it points: only a real directory may hold members.
  Status s = Extract({Dir("dir/"),
                      Symlink("link", "dir"),
                      File("link/x.py", "x\n")});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("entry 'link/x.py'"), std::string::npos)
      << s.message();
  EXPECT_FALSE(Exists(dest() + "/dir/x.py"));
}

TEST_P(ExtractTest, RefusesOtherMemberTypes) {
  if (GetParam() == TestFormat::kZip) GTEST_SKIP() << "zip stores no fifos";
  Status s = Extract({Fifo("fifo")});
  EXPECT_EQ(s.code(), ErrorCode::kUnsafe);
  EXPECT_NE(s.message().find("entry 'fifo'"), std::string::npos) << s.message();
}

TEST_P(ExtractTest, RefusesHardLinksToNamesOutside) {
  if (GetParam() == TestFormat::kZip) GTEST_SKIP() << "zip stores no hard links";
  Status s = Extract({HardLink("a.py", "../../etc/passwd")});
  EXPECT_EQ(s.code(), ErrorCode::kUnsafe);
  EXPECT_NE(s.message().find("entry 'a.py': hard link"), std::string::npos)
      << s.message();
}

INSTANTIATE_TEST_SUITE_P(Formats, ExtractTest,
                         ::testing::Values(TestFormat::kTar, TestFormat::kTarGz,
                                           TestFormat::kZip));

TEST(ExtractErrorsTest, NotAnArchiveIsAnErrorNamingTheFile) {
  TempDir tmp;
  std::ofstream(tmp / "notes.txt") << "not an archive\n";
  Status s = ExtractArchive(tmp / "notes.txt", tmp.path());
  EXPECT_EQ(s.code(), ErrorCode::kIo);
  EXPECT_NE(s.message().find("cannot read '" + (tmp / "notes.txt") + "'"),
            std::string::npos)
      << s.message();
  s = ExtractArchive(tmp / "missing.zip", tmp.path());
  EXPECT_NE(s.message().find("missing.zip"), std::string::npos) << s.message();
}

TEST(ExtractOptionsTest, PlaceRenamesSkipsAndRefusesMembers) {
  TempDir tmp;
  WriteTestArchive(tmp / "a.zip", TestFormat::kZip,
                   {File("keep.py", "k\n"), File("data/x.py", "x\n"),
                    File("skip.py", "s\n"), File("evil.py", "e\n")});
  ExtractOptions options;
  options.place = [](std::string* name) {
    if (*name == "data/x.py") *name = "moved/x.py";
    if (*name == "skip.py") *name = "";
    if (*name == "evil.py") return UnsafeError("not wanted");
    return Status::Ok();
  };
  ::mkdir((tmp / "dest").c_str(), 0755);
  Status s = ExtractArchive(tmp / "a.zip", tmp / "dest", options);
  EXPECT_EQ(s.code(), ErrorCode::kUnsafe);
  EXPECT_EQ(s.message(), tmp / "a.zip" + ": entry 'evil.py': not wanted");
  EXPECT_EQ(Slurp(tmp / "dest/keep.py"), "k\n");
  EXPECT_EQ(Slurp(tmp / "dest/moved/x.py"), "x\n");
  EXPECT_FALSE(Exists(tmp / "dest/data"));
  EXPECT_FALSE(Exists(tmp / "dest/skip.py"));
  EXPECT_FALSE(Exists(tmp / "dest/evil.py"));
  // A new name must be as safe as a stored one.
  options.place = [](std::string* name) {
    *name = "../" + *name;
    return Status::Ok();
  };
  s = ExtractArchive(tmp / "a.zip", tmp / "dest", options);
  EXPECT_EQ(s.message(),
            tmp / "a.zip" + ": entry 'keep.py': name with a '..' component");
  EXPECT_FALSE(Exists(tmp / "keep.py"));
}

TEST(ListArchiveMembersTest, EveryHeaderInOrderRepeatsIncluded) {
  TempDir tmp;
  WriteTestArchive(tmp / "a.zip", TestFormat::kZip,
                   {Dir("pkg/"), File("pkg/a.py", "1"), File("pkg/a.py", "2"),
                    Symlink("link", "pkg/a.py")});
  Result<std::vector<ArchiveMember>> members =
      ListArchiveMembers(tmp / "a.zip", ArchiveKind::kZip);
  ASSERT_TRUE(members.ok()) << members.status().message();
  std::vector<std::pair<std::string, FileType>> got;
  for (const ArchiveMember& m : *members) got.emplace_back(m.name, m.type);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, FileType>>{
                     {"pkg/", FileType::kDirectory},
                     {"pkg/a.py", FileType::kRegular},
                     {"pkg/a.py", FileType::kRegular},
                     {"link", FileType::kSymlink}}));
}

TEST(ListArchiveMembersTest, ZipKindRefusesTarsAndTruncatedZips) {
  TempDir tmp;
  WriteTestArchive(tmp / "a.tar", TestFormat::kTar, {File("a.py", "1")});
  EXPECT_EQ(ListArchiveMembers(tmp / "a.tar", ArchiveKind::kZip)
                .status()
                .message(),
            "cannot read '" + (tmp / "a.tar") +
                "': not a zip archive, or a truncated one (Unrecognized "
                "archive format)");
  EXPECT_TRUE(ListArchiveMembers(tmp / "a.tar", ArchiveKind::kAny).ok());
  WriteTestArchive(tmp / "a.zip", TestFormat::kZip, {File("a.py", "1")});
  std::string zip = Slurp(tmp / "a.zip");
  std::ofstream(tmp / "cut.zip", std::ios::binary)
      << zip.substr(0, zip.size() - 1);
  EXPECT_EQ(
      ListArchiveMembers(tmp / "cut.zip", ArchiveKind::kZip).status().code(),
      ErrorCode::kIo);
  EXPECT_EQ(ListArchiveMembers(tmp / "nope.zip", ArchiveKind::kZip)
                .status()
                .message(),
            "cannot read '" + (tmp / "nope.zip") +
                "': No such file or directory");
}

// testdata/fuzz/verify_extract/regressions/symlink_through_symlink.tar,
// which fuzz/verify_extract_fuzzer.cc flags: "s" -> "." then "up" -> "s/..".
TEST(ExtractErrorsTest, SymlinkThroughSymlinkFuzzRegression) {
  TempDir tmp;
  ::mkdir((tmp / "dest").c_str(), 0755);
  Status s = ExtractArchive(std::string(PYCPACK_SOURCE_DIR) +
                                "/testdata/fuzz/verify_extract/regressions/"
                                "symlink_through_symlink.tar",
                            tmp / "dest");
  EXPECT_EQ(s.code(), ErrorCode::kUnsafe) << s.message();
  EXPECT_FALSE(Exists(tmp / "dest/up"));
}

// testdata/fuzz/verify_extract/regressions/symlink_name_trailing_slash.tar
// and symlink_name_trailing_dot.tar: a symlink "l/" (or "l/.") to "..".
TEST(ExtractErrorsTest, SymlinkNameWithTrailingSlashFuzzRegression) {
  for (const char* file : {"symlink_name_trailing_slash.tar", "symlink_name_trailing_dot.tar"}) {
    TempDir tmp;
    ::mkdir((tmp / "dest").c_str(), 0755);
    Status s = ExtractArchive(std::string(PYCPACK_SOURCE_DIR) +
                                  "/testdata/fuzz/verify_extract/regressions/" + file,
                              tmp / "dest");
    EXPECT_EQ(s.code(), ErrorCode::kUnsafe) << file << ": " << s.message();
    EXPECT_FALSE(Exists(tmp / "dest/l")) << file;
  }
}

TEST(CheckMemberNameTest, AcceptsRelativeNamesOnly) {
  for (const char* ok : {"a.py", "pkg/", "pkg/__pycache__/m.pyc", "./a", "a..b",
                         "..a/b", "a/b.."}) {
    EXPECT_TRUE(CheckMemberName(ok).ok()) << ok;
  }
  for (const char* bad : {"", "/a", "..", "../a", "a/..", "a/../b", "a/../../b",
                          "a//../b/"}) {
    EXPECT_EQ(CheckMemberName(bad).code(), ErrorCode::kUnsafe) << bad;
  }
}

}  // namespace
}  // namespace pycpack::testing
