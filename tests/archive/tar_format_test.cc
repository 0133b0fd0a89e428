// Byte-level checks of the tar, tar.gz and tar.zst writers.
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <cstdlib>
#include <string>

#include "archive/gzip_members.h"
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

// The members of a gzip file: each one's header, uncompressed data and
// trailer fields. Fails the test on anything malformed.
struct GzipMember {
  std::string header;  // the 10 fixed bytes
  std::string data;
  uint32_t crc = 0, isize = 0;
};

std::vector<GzipMember> GzipMembers(const std::string& gz) {
  std::vector<GzipMember> members;
  size_t pos = 0;
  while (pos < gz.size()) {
    GzipMember m;
    EXPECT_GE(gz.size() - pos, 18u);
    if (gz.size() - pos < 18) break;
    m.header = gz.substr(pos, 10);
    z_stream z = {};
    EXPECT_EQ(inflateInit2(&z, -15), Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data() + pos + 10));
    z.avail_in = static_cast<uInt>(gz.size() - pos - 10);
    char buf[65536];
    int rc;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      rc = inflate(&z, Z_NO_FLUSH);
      m.data.append(buf, sizeof buf - z.avail_out);
    } while (rc == Z_OK);
    EXPECT_EQ(rc, Z_STREAM_END);
    size_t end = pos + 10 + z.total_in;
    inflateEnd(&z);
    const unsigned char* t = reinterpret_cast<const unsigned char*>(gz.data() + end);
    m.crc = t[0] | t[1] << 8 | t[2] << 16 | uint32_t{t[3]} << 24;
    m.isize = t[4] | t[5] << 8 | t[6] << 16 | uint32_t{t[7]} << 24;
    members.push_back(std::move(m));
    pos = end + 8;
    if (rc != Z_STREAM_END) break;
  }
  return members;
}

TEST(TarFormatTest, GzipHeadersHaveNoNameAndNoTime) {
  const std::string gz = Write(OutputFormat::kTarGz, SampleEntries());
  std::vector<GzipMember> members = GzipMembers(gz);
  ASSERT_FALSE(members.empty());
  for (const GzipMember& m : members) {
    const unsigned char* b = reinterpret_cast<const unsigned char*>(m.header.data());
    EXPECT_EQ(b[0], 0x1f);
    EXPECT_EQ(b[1], 0x8b);
    EXPECT_EQ(b[2], 8);  // deflate
    EXPECT_EQ(b[3], 0);  // FLG: no FNAME, FCOMMENT, FEXTRA, FHCRC
    EXPECT_EQ(b[4] | b[5] | b[6] | b[7], 0);  // MTIME
    EXPECT_EQ(b[9], 3);  // OS: Unix
  }
}

// Many files, some of them member boundaries.
std::vector<OwnedEntry> ManyFiles(const std::string& salt) {
  std::vector<OwnedEntry> entries{Dir("d")};
  for (int i = 0; i < 300; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "d/f%03d.py", i);
    std::string data;
    for (int k = 0; k < 200; ++k) data += std::to_string(i * 1000 + k) + salt + ",";
    entries.push_back(File(name, data));
  }
  return entries;
}

TEST(TarFormatTest, GzipMembersEndAtBoundaryEntriesAndHoldTheTar) {
  const std::vector<OwnedEntry> entries = ManyFiles("");
  const std::string tar = Write(OutputFormat::kTar, entries);
  const std::string gz = Write(OutputFormat::kTarGz, entries);
  size_t boundaries = 0;
  for (const OwnedEntry& e : entries) boundaries += IsGzipBoundary(e.path);
  ASSERT_GT(boundaries, 5u);
  std::vector<GzipMember> members = GzipMembers(gz);
  // One member after each boundary entry, and the last one with the rest.
  EXPECT_EQ(members.size(), boundaries + 1);
  std::string joined;
  for (const GzipMember& m : members) {
    EXPECT_EQ(m.isize, m.data.size());
    EXPECT_EQ(m.crc, crc32(0, reinterpret_cast<const Bytef*>(m.data.data()),
                           static_cast<uInt>(m.data.size())));
    joined += m.data;
  }
  EXPECT_TRUE(joined == tar);
  EXPECT_LT(gz.size(), tar.size() / 2);
}

// A BlobStore in memory that counts what it is asked.
class CountingStore : public BlobStore {
 public:
  std::optional<std::string> Get(const std::string& key) override {
    ++gets;
    auto it = blobs.find(key);
    if (it == blobs.end()) return std::nullopt;
    ++hits;
    return it->second;
  }
  void Put(const std::string& key, std::string_view value) override {
    ++puts;
    blobs[key] = std::string(value);
  }
  std::map<std::string, std::string> blobs;
  int gets = 0, hits = 0, puts = 0;
};

std::string WriteWithStore(const std::vector<OwnedEntry>& entries,
                           CountingStore* store) {
  MemoryFileSystem fs;
  ArchiveOptions options;
  options.blobs = store;
  Result<std::string> bytes =
      WriteArtifact(OutputFormat::kTarGz, fs, "/a", entries, options);
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  return bytes.ok() ? *bytes : "";
}

TEST(TarFormatTest, UnchangedGzipMembersAreReusedWithIdenticalBytes) {
  std::vector<OwnedEntry> entries = ManyFiles("");
  const std::string plain = Write(OutputFormat::kTarGz, entries);
  CountingStore store;
  EXPECT_EQ(WriteWithStore(entries, &store), plain);
  const int members = store.puts;
  EXPECT_EQ(store.hits, 0);
  EXPECT_GT(members, 5);
  // Same entries again: every member from the store, same bytes.
  store.gets = store.hits = store.puts = 0;
  EXPECT_EQ(WriteWithStore(entries, &store), plain);
  EXPECT_EQ(store.hits, members);
  EXPECT_EQ(store.puts, 0);
  // One file grows: at most two members are compressed again.
  entries[150].data += "one more line\n";
  store.gets = store.hits = store.puts = 0;
  const std::string changed = WriteWithStore(entries, &store);
  EXPECT_LE(store.puts, 2);
  EXPECT_GE(store.hits, members - 2);
  EXPECT_EQ(changed, Write(OutputFormat::kTarGz, entries));
}

// |data| compressed by zstd at |level| as a stream of unknown size, the way
// libarchive feeds it.
std::string ZstdStream(const std::string& data, int level) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  std::string out(ZSTD_compressBound(data.size()) + 64, '\0');
  ZSTD_outBuffer o = {out.data(), out.size(), 0};
  ZSTD_inBuffer in = {data.data(), data.size(), 0};
  while (in.pos < in.size) {
    EXPECT_FALSE(ZSTD_isError(ZSTD_compressStream2(cctx, &o, &in, ZSTD_e_continue)));
  }
  ZSTD_inBuffer none = {nullptr, 0, 0};
  size_t left;
  do {
    left = ZSTD_compressStream2(cctx, &o, &none, ZSTD_e_end);
    EXPECT_FALSE(ZSTD_isError(left));
  } while (left != 0 && !ZSTD_isError(left));
  ZSTD_freeCCtx(cctx);
  out.resize(o.pos);
  return out;
}

TEST(TarFormatTest, ZstdIsTheTarAtLevel3) {
  const std::vector<OwnedEntry> entries = SampleEntries();
  const std::string tar = Write(OutputFormat::kTar, entries);
  const std::string zst = Write(OutputFormat::kTarZst, entries);
  ASSERT_GT(zst.size(), 4u);
  EXPECT_EQ(zst.substr(0, 4), std::string("\x28\xb5\x2f\xfd", 4));
  EXPECT_TRUE(zst == ZstdStream(tar, 3));
  EXPECT_FALSE(zst == ZstdStream(tar, 9));
}

}  // namespace
}  // namespace pycpack
