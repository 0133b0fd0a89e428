// Byte-level checks of the zip writer, in particular that its MS-DOS times do
// not depend on the TZ environment variable.
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fs/memory_filesystem.h"
#include "gtest/gtest.h"
#include "pycpack/archive.h"
#include "test_entries.h"

namespace pycpack {
namespace {

// 2023-11-14T22:13:20Z; 2023-11-15 03:43:20 in India (UTC+05:30).
constexpr int64_t kMtime = 1700000000;

uint32_t Le16(const std::string& b, size_t at) {
  return static_cast<unsigned char>(b[at]) |
         static_cast<unsigned char>(b[at + 1]) << 8;
}
uint32_t Le32(const std::string& b, size_t at) {
  return Le16(b, at) | Le16(b, at + 2) << 16;
}

struct CentralEntry {
  std::string name;
  uint32_t method, dos_time, dos_date, compressed_size, external_attrs,
      local_offset;
  std::string extra;  // the central directory's extra fields
};

// The central directory of |zip| (no zip64, no comment).
std::vector<CentralEntry> CentralDirectory(const std::string& zip) {
  std::vector<CentralEntry> out;
  if (zip.size() < 22) return out;
  const size_t eocd = zip.size() - 22;
  EXPECT_EQ(zip.substr(eocd, 4), "PK\x05\x06");
  size_t pos = Le32(zip, eocd + 16);
  for (uint32_t i = 0, n = Le16(zip, eocd + 10); i < n; ++i) {
    EXPECT_EQ(zip.substr(pos, 4), "PK\x01\x02");
    CentralEntry e;
    e.method = Le16(zip, pos + 10);
    e.dos_time = Le16(zip, pos + 12);
    e.dos_date = Le16(zip, pos + 14);
    e.compressed_size = Le32(zip, pos + 20);
    e.external_attrs = Le32(zip, pos + 38);
    e.local_offset = Le32(zip, pos + 42);
    e.name = zip.substr(pos + 46, Le16(zip, pos + 28));
    e.extra = zip.substr(pos + 46 + e.name.size(), Le16(zip, pos + 30));
    out.push_back(e);
    pos += 46 + Le16(zip, pos + 28) + Le16(zip, pos + 30) + Le16(zip, pos + 32);
  }
  return out;
}

std::string WriteZip(const std::vector<OwnedEntry>& entries) {
  MemoryFileSystem fs;
  ArchiveOptions options;
  options.mtime = kMtime;
  auto bytes = WriteArtifact(OutputFormat::kZip, fs, "/a.zip", entries, options);
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  return bytes.ok() ? bytes.value() : "";
}

// Sets TZ (and applies it) for a scope.
class ScopedTz {
 public:
  explicit ScopedTz(const std::string& tz) {
    if (const char* old = getenv("TZ")) old_ = old;
    setenv("TZ", tz.c_str(), 1);
    tzset();
  }
  ~ScopedTz() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::optional<std::string> old_;
};

// India's zone from the tz database if installed, else the same rule in
// POSIX form.
std::string IndiaTz() {
  struct stat st;
  return ::stat("/usr/share/zoneinfo/Asia/Kolkata", &st) == 0 ? "Asia/Kolkata"
                                                               : "IST-5:30";
}

int LocalHour(int64_t t) {
  time_t tt = static_cast<time_t>(t);
  struct tm tm;
  localtime_r(&tt, &tm);
  return tm.tm_hour;
}

TEST(ZipFormatTest, BytesDoNotDependOnTz) {
  std::string in_utc, in_india;
  {
    ScopedTz tz("UTC");
    ASSERT_EQ(LocalHour(kMtime), 22);
    in_utc = WriteZip(SampleEntries());
  }
  {
    const std::string india = IndiaTz();
    ScopedTz tz(india);
    ASSERT_EQ(LocalHour(kMtime), 3);  // the test would see a TZ dependence
    in_india = WriteZip(SampleEntries());
    // The writer gave the process its time zone back.
    EXPECT_EQ(std::string(getenv("TZ")), india);
    EXPECT_EQ(LocalHour(kMtime), 3);
  }
  ASSERT_FALSE(in_utc.empty());
  EXPECT_TRUE(in_utc == in_india);
}

TEST(ZipFormatTest, DosTimesAreUtc) {
  ScopedTz tz(IndiaTz());
  const std::string zip = WriteZip(SampleEntries());
  std::vector<CentralEntry> cd = CentralDirectory(zip);
  ASSERT_EQ(cd.size(), SampleEntries().size());
  const uint32_t want_time = 22 << 11 | 13 << 5 | 20 / 2;
  const uint32_t want_date = (2023 - 1980) << 9 | 11 << 5 | 14;
  for (const CentralEntry& e : cd) {
    SCOPED_TRACE(e.name);
    EXPECT_EQ(e.dos_time, want_time);
    EXPECT_EQ(e.dos_date, want_date);
    EXPECT_EQ(zip.substr(e.local_offset, 4), "PK\x03\x04");
    EXPECT_EQ(Le16(zip, e.local_offset + 10), want_time);
    EXPECT_EQ(Le16(zip, e.local_offset + 12), want_date);
  }
}

// Extra fields: "UT" with the modification time only (flags 1; no access
// or creation time), then "ux" with uid and gid 0 (4 bytes each).
TEST(ZipFormatTest, ExtraFieldsHoldOnlyMtimeAndRootOwnership) {
  std::vector<CentralEntry> cd = CentralDirectory(WriteZip(SampleEntries()));
  ASSERT_FALSE(cd.empty());
  const std::string want = std::string("UT\x05\x00\x01", 5) +
                           std::string("\x00\xf1\x53\x65", 4) +  // kMtime LE
                           std::string("ux\x0b\x00\x01\x04", 6) +
                           std::string(4, '\0') + std::string("\x04", 1) +
                           std::string(4, '\0');
  for (const CentralEntry& e : cd) EXPECT_TRUE(e.extra == want) << e.name;
}

TEST(ZipFormatTest, DefaultMtimeIsTheFirstDosDate) {
  MemoryFileSystem fs;
  auto zip = WriteArtifact(OutputFormat::kZip, fs, "/a.zip", {Dir("d")});
  ASSERT_TRUE(zip.ok());
  std::vector<CentralEntry> cd = CentralDirectory(zip.value());
  ASSERT_EQ(cd.size(), 1u);
  EXPECT_EQ(cd[0].dos_time, 0u);
  EXPECT_EQ(cd[0].dos_date, 0u << 9 | 1 << 5 | 1);  // 1980-01-01
}

TEST(ZipFormatTest, CentralDirectoryNamesModesAndMethods) {
  const std::vector<OwnedEntry> entries = SampleEntries();
  std::vector<CentralEntry> cd = CentralDirectory(WriteZip(entries));
  ASSERT_EQ(cd.size(), entries.size());
  for (size_t i = 0; i < cd.size(); ++i) {
    SCOPED_TRACE(entries[i].path);
    const bool dir = entries[i].is_dir();
    EXPECT_EQ(cd[i].name, dir ? entries[i].path + "/" : entries[i].path);
    EXPECT_EQ(cd[i].external_attrs >> 16,
              (dir ? S_IFDIR : S_IFREG) | entries[i].mode);
    if (dir) {
      EXPECT_EQ(cd[i].method, 0u);  // stored
    }
  }
  EXPECT_EQ(cd.back().method, 8u);  // z.bin is deflated
}

TEST(ZipFormatTest, FilesAreDeflatedAtLevel6) {
  const std::vector<OwnedEntry> entries = SampleEntries();
  const std::string zip = WriteZip(entries);
  std::vector<CentralEntry> cd = CentralDirectory(zip);
  ASSERT_EQ(cd.size(), entries.size());
  const CentralEntry& big = cd.back();  // z.bin
  const size_t start = big.local_offset + 30 + Le16(zip, big.local_offset + 26) +
                       Le16(zip, big.local_offset + 28);
  const std::string stored = zip.substr(start, big.compressed_size);
  EXPECT_TRUE(stored == RawDeflate(entries.back().data, 6));
  EXPECT_FALSE(stored == RawDeflate(entries.back().data, 9));
}

}  // namespace
}  // namespace pycpack
