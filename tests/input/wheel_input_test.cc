// ExtractWheelLibraries and ExtractWheel on real zip files: the tree a good
// wheel gives, and the exact error for each hostile or broken one, after
// which no temporary directory is left.
#include "input/wheel_input.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "archive/test_archives.h"
#include "fs/temp_dir.h"

namespace pycpack {
namespace {

using testing::Dir;
using testing::File;
using testing::Symlink;
using testing::TestFormat;
using testing::TestMember;
using testing::WriteTestArchive;

constexpr char kWheelFile[] =
    "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
    "Tag: py3-none-any\n";

// Every file of GoodMembers(), listed without hashes (which is allowed).
constexpr char kGoodRecord[] =
    "demo/__init__.py,,\ndemo/cli.py,,\ndemo-1.0.data/purelib/demo_extra.py,,\n"
    "demo-1.0.data/platlib/demo/_speedups.py,,\ndemo-1.0.dist-info/METADATA,,\n"
    "demo-1.0.dist-info/WHEEL,,\ndemo-1.0.dist-info/RECORD,,\n";

// The members of a small, valid wheel.
std::vector<TestMember> GoodMembers() {
  return {File("demo/__init__.py", "X = 1\n"),
          File("demo/cli.py", "def main(): pass\n"),
          File("demo-1.0.data/purelib/demo_extra.py", "Y = 2\n"),
          File("demo-1.0.data/platlib/demo/_speedups.py", "Z = 3\n"),
          File("demo-1.0.dist-info/METADATA",
               "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"),
          File("demo-1.0.dist-info/WHEEL", kWheelFile),
          File("demo-1.0.dist-info/RECORD", kGoodRecord)};
}

// {path relative to |root|: content, "/" for directories}; mode in |modes|.
std::map<std::string, std::string> TreeOf(
    const std::string& root, std::map<std::string, int>* modes = nullptr) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    std::string rel = e.path().string().substr(root.size() + 1);
    struct stat st;
    ::lstat(e.path().c_str(), &st);
    if (modes) (*modes)[rel] = st.st_mode & 07777;
    if (e.is_directory()) {
      out[rel] = "/";
    } else {
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      out[rel] = s.str();
    }
  }
  return out;
}

class WheelInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_.path = "m.json";
    Library lib;
    lib.name = "demo";
    lib.wheel = wheel();
    lib.json_path = "libraries[0]";
    m_.libraries.push_back(lib);
  }

  std::string wheel() const { return tmp_ / "demo-1.0-py3-none-any.whl"; }
  std::string tmpdir() const { return tmp_ / "tmpdir"; }
  std::vector<std::string> TmpdirContent() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(tmpdir())) {
      names.push_back(e.path().string());
    }
    return names;
  }

  // Builds a wheel of |members|; returns the error of extracting it (""
  // if it succeeded) after checking that the library root is unset and
  // nothing is left in $TMPDIR.
  std::string ErrorOf(const std::vector<TestMember>& members) {
    WriteTestArchive(wheel(), TestFormat::kZip, members);
    return ErrorOfWheelFile();
  }
  std::string ErrorOfWheelFile() {
    Result<std::unique_ptr<ScratchDir>> dir = ExtractWheelLibraries(&m_);
    if (dir.ok()) return "";
    EXPECT_EQ(m_.libraries[0].root, "");
    EXPECT_EQ(TmpdirContent(), std::vector<std::string>{});
    return dir.status().message();
  }
  // The error for a wheel that is not a zip archive.
  std::string NotAZip() const {
    return "m.json: libraries[0] (library \"demo\"): cannot read '" + wheel() +
           "': not a zip archive, or a truncated one (Unrecognized archive "
           "format)";
  }
  // "m.json: libraries[0] (library "demo"): <wheel>: " + |rest|.
  std::string Expected(const std::string& rest) const {
    return "m.json: libraries[0] (library \"demo\"): " + wheel() + ": " + rest;
  }

  TempDir tmp_;
  ScopedTmpdir scoped_tmpdir_{tmpdir()};
  Manifest m_;
};

TEST_F(WheelInputTest, GoodWheelLooksInstalledAndGoesWithItsScratchDir) {
  WriteTestArchive(wheel(), TestFormat::kZip, GoodMembers());
  // Another library, given as a root, is left alone.
  Library other;
  other.name = "other";
  other.root = "/somewhere/src";
  m_.libraries.push_back(other);
  Result<std::unique_ptr<ScratchDir>> dir = ExtractWheelLibraries(&m_);
  ASSERT_TRUE(dir.ok()) << dir.status().message();
  ASSERT_NE(*dir, nullptr);
  const std::string root = m_.libraries[0].root;
  EXPECT_EQ(root, (*dir)->path() + "/0");
  EXPECT_EQ(root.rfind(tmpdir() + "/pycpack-wheel-", 0), 0u) << root;
  EXPECT_EQ(m_.libraries[1].root, "/somewhere/src");
  const std::map<std::string, std::string> expected = {
      {"demo", "/"},
      {"demo/__init__.py", "X = 1\n"},
      {"demo/cli.py", "def main(): pass\n"},
      {"demo/_speedups.py", "Z = 3\n"},
      {"demo_extra.py", "Y = 2\n"},
      {"demo-1.0.dist-info", "/"},
      {"demo-1.0.dist-info/METADATA",
       "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"},
      {"demo-1.0.dist-info/WHEEL", kWheelFile},
      {"demo-1.0.dist-info/RECORD", kGoodRecord}};
  EXPECT_EQ(TreeOf(root), expected);
  dir->reset();
  EXPECT_EQ(TmpdirContent(), std::vector<std::string>{});
}

TEST_F(WheelInputTest, ModesAreNormalisedWhateverTheUmask) {
  std::vector<TestMember> members = GoodMembers();
  members.push_back(Dir("demo/"));
  members.back().perm = 0700;
  members.push_back(File("demo/run.sh", "#!/bin/sh\n"));
  members.back().perm = 0750;
  members.push_back(File("demo/secret.txt", ""));
  members.back().perm = 0400;
  members[6] = File("demo-1.0.dist-info/RECORD",
                    std::string(kGoodRecord) + "demo/run.sh,,\ndemo/secret.txt,,\n");
  mode_t old = ::umask(0177);
  WriteTestArchive(wheel(), TestFormat::kZip, members);
  Result<std::unique_ptr<ScratchDir>> dir = ExtractWheelLibraries(&m_);
  ::umask(old);
  ASSERT_TRUE(dir.ok()) << dir.status().message();
  std::map<std::string, int> modes;
  TreeOf(m_.libraries[0].root, &modes);
  EXPECT_EQ(modes["demo"], 0755);
  EXPECT_EQ(modes["demo/run.sh"], 0755);
  EXPECT_EQ(modes["demo/secret.txt"], 0644);
  EXPECT_EQ(modes["demo/__init__.py"], 0644);
}

TEST_F(WheelInputTest, NoWheelLibraryNoScratchDir) {
  m_.libraries[0].wheel = "";
  m_.libraries[0].root = "/w/src";
  Result<std::unique_ptr<ScratchDir>> dir = ExtractWheelLibraries(&m_);
  ASSERT_TRUE(dir.ok()) << dir.status().message();
  EXPECT_EQ(*dir, nullptr);
  EXPECT_EQ(m_.libraries[0].root, "/w/src");
  EXPECT_EQ(TmpdirContent(), std::vector<std::string>{});
}

TEST_F(WheelInputTest, DotDotName) {
  std::vector<TestMember> members = GoodMembers();
  members.push_back(File("../escaped.py", "evil\n"));
  EXPECT_EQ(ErrorOf(members),
            Expected("entry '../escaped.py': name with a '..' component"));
  EXPECT_FALSE(std::filesystem::exists(tmp_ / "escaped.py"));
}

TEST_F(WheelInputTest, AbsoluteName) {
  const std::string outside = tmp_ / "outside.py";
  std::vector<TestMember> members = GoodMembers();
  members.insert(members.begin(), File(outside, "evil\n"));
  EXPECT_EQ(ErrorOf(members),
            Expected("entry '" + outside + "': absolute name"));
  EXPECT_FALSE(std::filesystem::exists(outside));
}

TEST_F(WheelInputTest, DuplicateName) {
  std::vector<TestMember> members = GoodMembers();
  members.push_back(File("demo/cli.py", "evil\n"));
  EXPECT_EQ(ErrorOf(members),
            Expected("entry 'demo/cli.py': appears twice in the wheel"));
}

TEST_F(WheelInputTest, Symlink) {
  std::vector<TestMember> members = GoodMembers();
  members.push_back(Symlink("demo/link.py", "cli.py"));
  EXPECT_EQ(ErrorOf(members),
            Expected("entry 'demo/link.py': a symlink; a wheel may hold only "
                     "regular files and directories"));
}

TEST_F(WheelInputTest, TwoDistInfoDirectories) {
  std::vector<TestMember> members = GoodMembers();
  members.push_back(File("other-2.0.dist-info/WHEEL", kWheelFile));
  EXPECT_EQ(ErrorOf(members),
            Expected("several .dist-info directories ('demo-1.0.dist-info', "
                     "'other-2.0.dist-info'); a wheel has exactly one"));
}

TEST_F(WheelInputTest, NoDistInfo) {
  EXPECT_EQ(ErrorOf({File("demo/__init__.py", "")}),
            Expected("no top-level <name>-<version>.dist-info directory: not "
                     "a wheel"));
}

TEST_F(WheelInputTest, ScriptsInData) {
  std::vector<TestMember> members = GoodMembers();
  members.push_back(Dir("demo-1.0.data/scripts/"));
  members.push_back(File("demo-1.0.data/scripts/demo", "#!python\n"));
  EXPECT_EQ(ErrorOf(members),
            Expected("entry 'demo-1.0.data/scripts/demo': the files of "
                     ".data/scripts install outside site-packages, so a "
                     "site-packages tree cannot hold them (only .data/purelib "
                     "and .data/platlib can be shipped)"));
}

TEST_F(WheelInputTest, UnsupportedWheelVersion) {
  std::vector<TestMember> members = GoodMembers();
  members[5] = File("demo-1.0.dist-info/WHEEL", "Wheel-Version: 2.0\n");
  EXPECT_EQ(ErrorOf(members),
            Expected("entry 'demo-1.0.dist-info/WHEEL': Wheel-Version 2.0 is "
                     "not supported (this pycpack reads 1.x)"));
}

TEST_F(WheelInputTest, AFileTheRecordDoesNotListIsRefusedAsInstallerDoes) {
  std::vector<TestMember> members = GoodMembers();
  members.push_back(File("demo/unlisted.py", "print('hi')\n"));
  EXPECT_EQ(ErrorOf(members),
            Expected("entry 'demo/unlisted.py': not listed in demo-1.0.dist-info/RECORD (a "
                     "file the RECORD does not vouch for is refused)"));
}

TEST_F(WheelInputTest, RecordSignaturesNeedNoRow) {
  std::vector<TestMember> members = GoodMembers();
  members.push_back(File("demo-1.0.dist-info/RECORD.jws", "{}"));
  members.push_back(File("demo-1.0.dist-info/RECORD.p7s", "sig"));
  EXPECT_EQ(ErrorOf(members), "");
}

TEST_F(WheelInputTest, TruncatedWheel) {
  WriteTestArchive(tmp_ / "whole.whl", TestFormat::kZip, GoodMembers());
  std::ifstream in(tmp_ / "whole.whl", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  std::ofstream(wheel(), std::ios::binary)
      << bytes.substr(0, bytes.size() - 30);
  EXPECT_EQ(ErrorOfWheelFile(), NotAZip());
}

TEST_F(WheelInputTest, CorruptMemberData) {
  WriteTestArchive(wheel(), TestFormat::kZip, GoodMembers());
  std::fstream f(wheel(), std::ios::in | std::ios::out | std::ios::binary);
  char header[30];
  ASSERT_TRUE(f.read(header, sizeof header));
  ASSERT_EQ(std::string(header, 4), "PK\x03\x04");
  // The first member's data follows its local header, name and extra field.
  auto u16 = [&](int at) {
    return static_cast<unsigned char>(header[at]) |
           static_cast<unsigned char>(header[at + 1]) << 8;
  };
  f.seekp(30 + u16(26) + u16(28) + 2);
  f.write("\xff\xff\xff", 3);
  f.close();
  Result<std::unique_ptr<ScratchDir>> dir = ExtractWheelLibraries(&m_);
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.status().code(), ErrorCode::kIo);
  const std::string& message = dir.status().message();
  EXPECT_EQ(message.rfind(Expected("entry 'demo/__init__.py': "), 0), 0u)
      << message;
  EXPECT_EQ(TmpdirContent(), std::vector<std::string>{});
}

TEST_F(WheelInputTest, NotAZip) {
  WriteTestArchive(wheel(), TestFormat::kTarGz, GoodMembers());
  EXPECT_EQ(ErrorOfWheelFile(), NotAZip());
  std::ofstream(wheel()) << "just text\n";
  EXPECT_EQ(ErrorOfWheelFile(), NotAZip());
}

TEST_F(WheelInputTest, MissingWheel) {
  EXPECT_EQ(ErrorOfWheelFile(),
            "m.json: libraries[0] (library \"demo\"): cannot read '" + wheel() +
                "': No such file or directory");
}

}  // namespace
}  // namespace pycpack
