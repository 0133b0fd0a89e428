// Byte-level checks of the zip writer and its records (zip_format.h), in
// particular that its MS-DOS times do not depend on the TZ environment
// variable.
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libdeflate.h>

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "archive/zip_format.h"
#include "fs/memory_filesystem.h"
#include "gtest/gtest.h"
#include "pycpack/archive.h"
#include "test_entries.h"
#include "zip_central_directory.h"

namespace pycpack {
namespace {

// 2023-11-14T22:13:20Z; 2023-11-15 03:43:20 in India (UTC+05:30).
constexpr int64_t kMtime = 1700000000;

using ziptest::CentralEntry;
using ziptest::Le16;
using ziptest::Le32;

std::vector<CentralEntry> CentralDirectory(const std::string& zip) {
  return ziptest::ReadCentralDirectory(zip).entries;
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

// No extra fields (no times beside the MS-DOS ones, no owners), no data
// descriptors, fixed versions, the UTF-8 flag only on non-ASCII names.
TEST(ZipFormatTest, HeadersHoldNoExtraFieldsAndFixedVersions) {
  const std::string zip = WriteZip(SampleEntries());
  std::vector<CentralEntry> cd = CentralDirectory(zip);
  ASSERT_EQ(cd.size(), SampleEntries().size());
  for (const CentralEntry& e : cd) {
    SCOPED_TRACE(e.name);
    EXPECT_EQ(e.extra, "");
    EXPECT_EQ(e.made_by, 3u << 8 | 20);  // Unix, 2.0
    EXPECT_EQ(e.needed, 20u);
    const bool ascii = e.name.find('\xc3') == std::string::npos;
    EXPECT_EQ(e.flags, ascii ? 0u : 1u << 11);
    EXPECT_EQ(e.internal_attrs, 0u);
    const size_t local = e.local_offset;
    EXPECT_EQ(Le16(zip, local + 4), 20u);  // version needed
    EXPECT_EQ(Le16(zip, local + 6), e.flags);
    EXPECT_EQ(Le32(zip, local + 14), e.crc32);
    EXPECT_EQ(Le32(zip, local + 18), e.compressed_size);
    EXPECT_EQ(Le32(zip, local + 22), e.size);
    EXPECT_EQ(Le16(zip, local + 28), 0u);  // extra field length
  }
  EXPECT_EQ(cd[3].name, "pkg/caf\xc3\xa9.py");
  EXPECT_EQ(cd[3].flags, 1u << 11);
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

// The deflated data is libdeflate's at level 6.
TEST(ZipFormatTest, FilesAreDeflatedAtLevel6) {
  const std::vector<OwnedEntry> entries = SampleEntries();
  const std::string zip = WriteZip(entries);
  std::vector<CentralEntry> cd = CentralDirectory(zip);
  ASSERT_EQ(cd.size(), entries.size());
  const CentralEntry& big = cd.back();  // z.bin
  ASSERT_EQ(big.method, 8u);
  const std::string& data = entries.back().data;
  auto deflate = [&](int level) {
    libdeflate_compressor* c = libdeflate_alloc_compressor(level);
    std::string out(libdeflate_deflate_compress_bound(c, data.size()), '\0');
    out.resize(libdeflate_deflate_compress(c, data.data(), data.size(),
                                           out.data(), out.size()));
    libdeflate_free_compressor(c);
    return out;
  };
  const std::string stored = ziptest::StoredData(zip, big);
  EXPECT_TRUE(stored == deflate(6));
  EXPECT_FALSE(stored == deflate(9));
  EXPECT_EQ(big.crc32, libdeflate_crc32(0, data.data(), data.size()));
  EXPECT_EQ(big.size, data.size());
}

// DosTimeFromUnix is the calendar in UTC: the same fields as gmtime_r.
TEST(ZipRecordsTest, DosTimeMatchesGmtime) {
  for (int64_t t = kDefaultMtime; t <= 4354819198; t += 86400 * 37 + 3671) {
    time_t tt = static_cast<time_t>(t);
    struct tm tm;
    ASSERT_NE(gmtime_r(&tt, &tm), nullptr);
    const DosDateTime got = DosTimeFromUnix(t);
    ASSERT_EQ(got.date, (tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday)
        << t;
    ASSERT_EQ(got.time, tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2) << t;
  }
  // Leap days, including 2000 (leap) and 2100 (not).
  EXPECT_EQ(DosTimeFromUnix(951782400).date, 20u << 9 | 2 << 5 | 29);   // 2000-02-29
  EXPECT_EQ(DosTimeFromUnix(4107542400).date, 120u << 9 | 3 << 5 | 1);  // 2100-03-01
}

TEST(ZipRecordsTest, DosTimeClampsToTheRangeItHolds) {
  EXPECT_EQ(DosTimeFromUnix(0).date, 0u << 9 | 1 << 5 | 1);
  EXPECT_EQ(DosTimeFromUnix(0).time, 0u);
  EXPECT_EQ(DosTimeFromUnix(-1000).date, 0u << 9 | 1 << 5 | 1);
  const DosDateTime last = DosTimeFromUnix(int64_t{1} << 40);
  EXPECT_EQ(last.date, 127u << 9 | 12 << 5 | 31);
  EXPECT_EQ(last.time, 23u << 11 | 59 << 5 | 29);
  // Odd seconds round down.
  EXPECT_EQ(DosTimeFromUnix(kMtime + 1).time, DosTimeFromUnix(kMtime).time);
}

// Only values that do not fit 32 bits go to a ZIP64 field; the local
// header's field holds both sizes (APPNOTE 4.5.3).
TEST(ZipRecordsTest, Zip64ExtraFieldsOnlyWhereAValueDoesNotFit) {
  ZipEntryInfo e;
  e.name = "big.bin";
  e.method = kZipDeflated;
  e.size = uint64_t{5} << 30;
  e.compressed_size = 0xFFFFFFFEu;  // fits
  e.offset = uint64_t{1} << 32;
  const std::string local = ZipLocalHeader(e, {});
  EXPECT_EQ(Le16(local, 4), 45u);
  EXPECT_EQ(Le32(local, 18), 0xFFFFFFFFu);
  EXPECT_EQ(Le32(local, 22), 0xFFFFFFFFu);
  ASSERT_EQ(Le16(local, 28), 20u);
  ASSERT_EQ(local.size(), 30 + 7 + 20u);
  EXPECT_EQ(Le16(local, 37), 1u);
  EXPECT_EQ(Le16(local, 39), 16u);
  EXPECT_EQ(ziptest::Le64(local, 41), e.size);
  EXPECT_EQ(ziptest::Le64(local, 49), e.compressed_size);

  const std::string central = ZipCentralHeader(e, {});
  CentralEntry got = ziptest::ReadCentralDirectory(
      central + ZipEndRecords(1, 0, central.size())).entries.at(0);
  EXPECT_EQ(got.needed, 45u);
  EXPECT_EQ(got.made_by, 3u << 8 | 45);
  EXPECT_EQ(Le32(central, 20), 0xFFFFFFFEu);
  EXPECT_EQ(Le32(central, 24), 0xFFFFFFFFu);
  EXPECT_EQ(Le32(central, 42), 0xFFFFFFFFu);
  EXPECT_EQ(got.extra.size(), 4 + 16u);  // size and offset
  EXPECT_EQ(got.size, e.size);
  EXPECT_EQ(got.compressed_size, e.compressed_size);
  EXPECT_EQ(got.local_offset, e.offset);

  // 0xFFFFFFFF itself is the marker, so it goes to ZIP64 too.
  ZipEntryInfo edge;
  edge.name = "edge";
  edge.compressed_size = edge.size = 0xFFFFFFFFu;
  EXPECT_EQ(Le16(ZipLocalHeader(edge, {}), 28), 20u);
  EXPECT_EQ(Le16(ZipCentralHeader(edge, {}), 30), 20u);
  ZipEntryInfo small;
  small.name = "small";
  small.size = small.compressed_size = small.offset = 0xFFFFFFFEu;
  EXPECT_EQ(Le16(ZipLocalHeader(small, {}), 28), 0u);
  EXPECT_EQ(Le16(ZipCentralHeader(small, {}), 30), 0u);
  EXPECT_EQ(Le16(ZipCentralHeader(small, {}), 6), 20u);
}

TEST(ZipRecordsTest, Zip64EndRecordsOnlyWhenACountOrOffsetDoesNotFit) {
  EXPECT_EQ(ZipEndRecords(65534, 1000, 2000).size(), 22u);
  EXPECT_EQ(ZipEndRecords(3, 0xFFFFFFFEu, 0xFFFFFFFEu).size(), 22u);
  for (auto [entries, offset, size] :
       {std::tuple<uint64_t, uint64_t, uint64_t>{65535, 1000, 2000},
        {70000, 1000, 2000}, {3, 0xFFFFFFFFu, 10}, {3, 10, 0xFFFFFFFFu}}) {
    SCOPED_TRACE(entries);
    const std::string end = ZipEndRecords(entries, offset, size);
    ASSERT_EQ(end.size(), 56 + 20 + 22u);
    EXPECT_EQ(end.substr(0, 4), "PK\x06\x06");
    EXPECT_EQ(ziptest::Le64(end, 4), 44u);
    EXPECT_EQ(ziptest::Le64(end, 24), entries);
    EXPECT_EQ(ziptest::Le64(end, 32), entries);
    EXPECT_EQ(ziptest::Le64(end, 40), size);
    EXPECT_EQ(ziptest::Le64(end, 48), offset);
    EXPECT_EQ(end.substr(56, 4), "PK\x06\x07");
    EXPECT_EQ(ziptest::Le64(end, 64), offset + size);  // the ZIP64 end record
    EXPECT_EQ(Le32(end, 72), 1u);
    EXPECT_EQ(Le16(end, 76 + 10), entries >= 65535 ? 0xFFFFu : entries);
    EXPECT_EQ(Le32(end, 76 + 12), size >= 0xFFFFFFFFu ? 0xFFFFFFFFu : size);
    EXPECT_EQ(Le32(end, 76 + 16), offset >= 0xFFFFFFFFu ? 0xFFFFFFFFu : offset);
  }
}

}  // namespace
}  // namespace pycpack
