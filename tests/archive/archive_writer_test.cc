// Tests common to the archive file formats (tar, tar.gz, tar.zst, zip).
#include <locale.h>

#include <string>
#include <vector>

#include "read_back.h"
#include "fs/memory_filesystem.h"
#include "fs/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pycpack/archive.h"
#include "test_entries.h"

namespace pycpack {
namespace {

using ::testing::HasSubstr;
using Op = MemoryFileSystem::Op;

const char* Extension(OutputFormat format) {
  switch (format) {
    case OutputFormat::kTar: return "tar";
    case OutputFormat::kTarGz: return "tar.gz";
    case OutputFormat::kTarZst: return "tar.zst";
    case OutputFormat::kZip: return "zip";
    case OutputFormat::kDir: return "dir";
    default: break;  // presets are made of the formats above
  }
  return "?";
}

class ArchiveFormatTest : public ::testing::TestWithParam<OutputFormat> {
 protected:
  ArchiveFormatTest() { fs_.AddDir("/out"); }

  std::string Path() const {
    return std::string("/out/app.") + Extension(GetParam());
  }
  // The bytes of SampleEntries() (or |entries|) written in a fresh
  // MemoryFileSystem.
  std::string Bytes(const ArchiveOptions& options = {},
                    const std::vector<OwnedEntry>& entries = SampleEntries()) {
    MemoryFileSystem fs;
    fs.AddDir("/out");
    auto bytes = WriteArtifact(GetParam(), fs, Path(), entries, options);
    EXPECT_TRUE(bytes.ok()) << bytes.status().message();
    return bytes.ok() ? bytes.value() : "";
  }

  MemoryFileSystem fs_;
};

TEST_P(ArchiveFormatTest, ReadsBackEveryEntryWithNormalisedMetadata) {
  ArchiveOptions options;
  options.mtime = 1700000000;
  const std::vector<OwnedEntry> entries = SampleEntries();
  auto read = ReadArchive(Bytes(options, entries));
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->size(), entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    const OwnedEntry& want = entries[i];
    const ReadEntry& got = (*read)[i];
    SCOPED_TRACE(want.path);
    EXPECT_EQ(got.name, want.is_dir() ? want.path + "/" : want.path);
    EXPECT_EQ(got.is_dir, want.is_dir());
    EXPECT_EQ(got.is_file, !want.is_dir());
    EXPECT_EQ(got.perm, want.mode);
    EXPECT_EQ(got.uid, 0);
    EXPECT_EQ(got.gid, 0);
    EXPECT_EQ(got.uname, "");
    EXPECT_EQ(got.gname, "");
    EXPECT_EQ(got.mtime, 1700000000);
    EXPECT_EQ(got.mtime_nsec, 0);
    // libarchive's zip reader reports 0 for times the archive lacks.
    EXPECT_TRUE(!got.atime_set || got.atime == 0);
    EXPECT_TRUE(!got.ctime_set || got.ctime == 0);
    if (GetParam() != OutputFormat::kZip) {
      EXPECT_FALSE(got.atime_set);
      EXPECT_FALSE(got.ctime_set);
    }
    EXPECT_FALSE(got.birthtime_set);
    EXPECT_EQ(got.xattrs, 0);
    EXPECT_EQ(got.acls, 0);
    EXPECT_EQ(got.data, want.data);
  }
}

TEST_P(ArchiveFormatTest, DefaultMtimeIs1980) {
  auto read = ReadArchive(Bytes());
  ASSERT_TRUE(read.ok());
  for (const ReadEntry& e : *read) EXPECT_EQ(e.mtime, 315532800) << e.name;
}

TEST_P(ArchiveFormatTest, SameEntriesGiveSameBytes) {
  const std::string first = Bytes();
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(Bytes(), first);
  // The host file system receives the same bytes as the in-memory one.
  TempDir tmp;
  std::unique_ptr<FileSystem> real = NewRealFileSystem();
  auto on_disk = WriteArtifact(GetParam(), *real, tmp / "app", SampleEntries());
  ASSERT_TRUE(on_disk.ok()) << on_disk.status().message();
  EXPECT_TRUE(on_disk.value() == first);
}

TEST_P(ArchiveFormatTest, MtimeAndContentReachTheBytes) {
  const std::string base = Bytes();
  ArchiveOptions later;
  later.mtime = kDefaultMtime + 2;
  EXPECT_NE(Bytes(later), base);
  std::vector<OwnedEntry> changed = SampleEntries();
  changed[4].data = "print('bye')\n";
  EXPECT_NE(Bytes({}, changed), base);
}

TEST_P(ArchiveFormatTest, BytesDoNotDependOnTheLocale) {
  const char* saved = setlocale(LC_ALL, nullptr);
  const std::string restore = saved ? saved : "C";
  ASSERT_NE(setlocale(LC_ALL, "C"), nullptr);
  const std::string in_c = Bytes();
  ASSERT_NE(setlocale(LC_ALL, "C.UTF-8"), nullptr);
  const std::string in_utf8 = Bytes();
  setlocale(LC_ALL, restore.c_str());
  EXPECT_TRUE(in_c == in_utf8);
  auto read = ReadArchive(in_c);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ((*read)[3].name, "pkg/caf\xc3\xa9.py");
}

TEST_P(ArchiveFormatTest, RejectsEntriesOutOfOrder) {
  auto writer = NewArchiveWriter(GetParam(), &fs_, Path(), {});
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Add(File("b", "b").view()).ok());
  Status before = (*writer)->Add(File("a", "a").view());
  EXPECT_EQ(before.code(), ErrorCode::kInternal);
  EXPECT_THAT(before.message(), HasSubstr("'a'"));
  EXPECT_EQ((*writer)->Add(File("b", "again").view()).code(),
            ErrorCode::kInternal);
  EXPECT_EQ((*writer)->Add(File("c/d", "").view()).code(),
            ErrorCode::kInternal);  // directory "c" never added
  // A rejected entry leaves the writer usable.
  ASSERT_TRUE((*writer)->Add(File("c", "c").view()).ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  EXPECT_FALSE((*writer)->Add(File("d", "").view()).ok());
  auto read = ReadArchive(fs_.ReadFile(Path()).value());
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[0].name, "b");
  EXPECT_EQ((*read)[1].name, "c");
}

// Runs SampleEntries() through a writer; returns the first error.
Status WriteSample(OutputFormat format, MemoryFileSystem& fs,
                   const std::string& path, bool* failed_in_add) {
  auto writer = NewArchiveWriter(format, &fs, path, {});
  if (!writer.ok()) return writer.status();
  *failed_in_add = false;
  for (const OwnedEntry& e : SampleEntries()) {
    Status st = (*writer)->Add(e.view());
    if (!st.ok()) {
      *failed_in_add = true;
      EXPECT_EQ((*writer)->Finish().message(), st.message());  // stays failed
      return st;
    }
  }
  return (*writer)->Finish();
}

TEST_P(ArchiveFormatTest, InjectedWriteFailureIsReported) {
  fs_.FailOn(Op::kAppend, "app.");
  bool in_add = false;
  Status st = WriteSample(GetParam(), fs_, Path(), &in_add);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), ErrorCode::kIo);
  EXPECT_THAT(st.message(), HasSubstr("cannot write '" + Path() +
                                      "': Input/output error"));
}

TEST_P(ArchiveFormatTest, DiskFullFailsAddOrFinish) {
  fs_.SetWriteLimit(20000);
  bool in_add = false;
  Status st = WriteSample(GetParam(), fs_, Path(), &in_add);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("No space left on device"));
}

TEST_P(ArchiveFormatTest, FailedCloseFailsFinish) {
  fs_.FailOn(Op::kClose, "app.");
  bool in_add = true;
  Status st = WriteSample(GetParam(), fs_, Path(), &in_add);
  EXPECT_FALSE(in_add);
  EXPECT_EQ(st.message(), "cannot close '" + Path() + "': Input/output error");
}

TEST_P(ArchiveFormatTest, FailedCreateFailsTheFactory) {
  fs_.FailOn(Op::kOpen, "app.");
  auto writer = NewArchiveWriter(GetParam(), &fs_, Path(), {});
  ASSERT_FALSE(writer.ok());
  EXPECT_THAT(writer.status().message(), HasSubstr(Path()));
}

TEST_P(ArchiveFormatTest, RefusesAnExistingStagingPath) {
  fs_.AddFile(Path(), "precious");
  EXPECT_FALSE(NewArchiveWriter(GetParam(), &fs_, Path(), {}).ok());
  EXPECT_EQ(fs_.ReadFile(Path()).value(), "precious");
}

TEST_P(ArchiveFormatTest, EmptyArchiveIsValid) {
  auto read = ReadArchive(Bytes({}, {}));
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_TRUE(read->empty());
}

INSTANTIATE_TEST_SUITE_P(
    Formats, ArchiveFormatTest,
    ::testing::Values(OutputFormat::kTar, OutputFormat::kTarGz,
                      OutputFormat::kTarZst, OutputFormat::kZip),
    [](const ::testing::TestParamInfo<OutputFormat>& info) {
      std::string name = Extension(info.param);
      for (char& c : name) {
        if (c == '.') c = '_';
      }
      return name;
    });

}  // namespace
}  // namespace pycpack
