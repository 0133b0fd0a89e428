// Byte-level checks of the tar writer (what tar.gz and tar.zst compress;
// their members are checked in compressed_members_test.cc).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fs/memory_filesystem.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pycpack/archive.h"
#include "test_entries.h"

namespace pycpack {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr size_t kBlock = 512;

std::string Write(OutputFormat format, const std::vector<OwnedEntry>& entries,
                  int64_t mtime = kDefaultMtime) {
  MemoryFileSystem fs;
  ArchiveOptions options;
  options.mtime = mtime;
  auto bytes = WriteArtifact(format, fs, "/a", entries, options);
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  return bytes.ok() ? bytes.value() : "";
}

// A NUL-terminated (or full-width) text field of a ustar header.
std::string Field(const std::string& header, size_t offset, size_t width) {
  std::string f = header.substr(offset, width);
  return f.substr(0, f.find('\0'));
}

// A ustar header's whole name: prefix field, '/', name field.
std::string FullName(const std::string& header) {
  std::string prefix = Field(header, 345, 155);
  std::string name = Field(header, 0, 100);
  return prefix.empty() ? name : prefix + "/" + name;
}

int64_t Octal(const std::string& header, size_t offset, size_t width) {
  return std::strtoll(Field(header, offset, width).c_str(), nullptr, 8);
}

// The ustar headers of a plain tar, in order (pax 'x' headers included).
std::vector<std::string> Headers(const std::string& tar) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos + kBlock <= tar.size()) {
    std::string h = tar.substr(pos, kBlock);
    if (h == std::string(kBlock, '\0')) break;
    out.push_back(h);
    int64_t size = Octal(h, 124, 12);
    pos += kBlock + (static_cast<size_t>(size) + kBlock - 1) / kBlock * kBlock;
  }
  return out;
}

TEST(TarFormatTest, UstarHeadersAreNormalised) {
  const std::string tar = Write(OutputFormat::kTar, SampleEntries());
  std::vector<std::string> headers = Headers(tar);
  ASSERT_FALSE(headers.empty());
  EXPECT_EQ(Field(headers[0], 0, 100), "pkg/");
  EXPECT_EQ(headers[0][156], '5');  // directory
  for (const std::string& h : headers) {
    SCOPED_TRACE(FullName(h));
    EXPECT_EQ(h.substr(257, 8), std::string("ustar\0" "00", 8));
    EXPECT_EQ(Octal(h, 108, 8), 0);                    // uid
    EXPECT_EQ(Octal(h, 116, 8), 0);                    // gid
    EXPECT_EQ(Octal(h, 136, 12), kDefaultMtime);       // mtime
    EXPECT_EQ(h.substr(265, 64), std::string(64, '\0'));  // uname, gname
    EXPECT_THAT(std::string("05x"), HasSubstr(std::string(1, h[156])));
  }
}

TEST(TarFormatTest, LongAndNonAsciiNamesUseFixedPaxHeaders) {
  const std::string tar = Write(OutputFormat::kTar, SampleEntries());
  const std::string long_name = "pkg/" + std::string(120, 'a') + ".py";
  EXPECT_THAT(tar, HasSubstr(" path=" + long_name + "\n"));
  EXPECT_THAT(tar, HasSubstr(" path=pkg/caf\xc3\xa9.py\n"));
  int pax_headers = 0;
  for (const std::string& h : Headers(tar)) {
    if (h[156] != 'x') continue;
    ++pax_headers;
    // No process id or other per-run value in the pax header's own name.
    EXPECT_THAT(FullName(h), StartsWith("pkg/PaxHeader/"));
  }
  EXPECT_EQ(pax_headers, 2);
  for (const char* key : {"atime=", "ctime=", "mtime=", "LIBARCHIVE.",
                          "SCHILY.", "hdrcharset=", "uname=", "gname="}) {
    EXPECT_THAT(tar, Not(HasSubstr(key))) << key;
  }
}

TEST(TarFormatTest, EndsWithTheEndMarkerAndNoPadding) {
  const std::string tar = Write(OutputFormat::kTar, {Dir("d")});
  EXPECT_EQ(tar.size(), 3 * kBlock);  // header + two zero blocks
  EXPECT_EQ(tar.substr(kBlock), std::string(2 * kBlock, '\0'));
}

}  // namespace
}  // namespace pycpack
