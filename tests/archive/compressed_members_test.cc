// tar.gz and tar.zst as series of members (gzip members, zstd frames):
// where members end, what each holds, that every reader reads the series as
// one stream, and that a BlobStore saves compressing unchanged members
// without changing a byte.
#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "archive/compressed_members.h"
#include "archive/member_codec.h"
#include "fs/memory_filesystem.h"
#include "fs/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pycpack/archive.h"
#include "read_back.h"
#include "test_entries.h"
#include "util/sha256.h"

namespace pycpack {
namespace {

using ::testing::HasSubstr;

std::string Write(OutputFormat format, const std::vector<OwnedEntry>& entries,
                  BlobStore* store = nullptr) {
  MemoryFileSystem fs;
  ArchiveOptions options;
  options.blobs = store;
  Result<std::string> bytes = WriteArtifact(format, fs, "/a", entries, options);
  EXPECT_TRUE(bytes.ok()) << bytes.status().message();
  return bytes.ok() ? *bytes : "";
}

// One member of a compressed file: its bytes as stored, and what they
// decompress to.
struct Member {
  std::string stored;
  std::string data;
};

// The members of a gzip file. Fails the test on anything malformed,
// including a trailer whose CRC-32 or size does not match.
std::vector<Member> GzipMembers(const std::string& gz) {
  std::vector<Member> members;
  size_t pos = 0;
  while (pos < gz.size()) {
    Member m;
    EXPECT_GE(gz.size() - pos, 18u);
    if (gz.size() - pos < 18) break;
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
    uint32_t crc = t[0] | t[1] << 8 | t[2] << 16 | uint32_t{t[3]} << 24;
    uint32_t isize = t[4] | t[5] << 8 | t[6] << 16 | uint32_t{t[7]} << 24;
    EXPECT_EQ(isize, static_cast<uint32_t>(m.data.size()));
    EXPECT_EQ(crc, crc32(0, reinterpret_cast<const Bytef*>(m.data.data()),
                         static_cast<uInt>(m.data.size())));
    m.stored = gz.substr(pos, end + 8 - pos);
    members.push_back(std::move(m));
    pos = end + 8;
    if (rc != Z_STREAM_END) break;
  }
  return members;
}

// The frames of a zstd file, each decompressed on its own (which also
// checks that each one records its content size).
std::vector<Member> ZstdFrames(const std::string& zst) {
  std::vector<Member> frames;
  size_t pos = 0;
  while (pos < zst.size()) {
    size_t n = ZSTD_findFrameCompressedSize(zst.data() + pos, zst.size() - pos);
    EXPECT_FALSE(ZSTD_isError(n)) << ZSTD_getErrorName(n);
    if (ZSTD_isError(n)) break;
    Member m;
    m.stored = zst.substr(pos, n);
    unsigned long long size = ZSTD_getFrameContentSize(m.stored.data(), n);
    EXPECT_NE(size, ZSTD_CONTENTSIZE_UNKNOWN);
    EXPECT_NE(size, ZSTD_CONTENTSIZE_ERROR);
    if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR) break;
    m.data.resize(size);
    size_t got = ZSTD_decompress(m.data.data(), m.data.size(), m.stored.data(), n);
    EXPECT_EQ(got, size);
    frames.push_back(std::move(m));
    pos += n;
  }
  return frames;
}

std::vector<Member> Members(OutputFormat format, const std::string& bytes) {
  return format == OutputFormat::kTarZst ? ZstdFrames(bytes) : GzipMembers(bytes);
}

std::unique_ptr<MemberCodec> CodecOf(OutputFormat format) {
  return format == OutputFormat::kTarZst ? NewZstdCodec() : NewGzipCodec();
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
  void ResetCounts() { gets = hits = puts = 0; }
  std::map<std::string, std::string> blobs;
  int gets = 0, hits = 0, puts = 0;
};

class CompressedMembersTest : public ::testing::TestWithParam<OutputFormat> {};

TEST_P(CompressedMembersTest, MembersEndAtBoundaryEntriesAndHoldTheTar) {
  const std::vector<OwnedEntry> entries = ManyFiles("");
  const std::string tar = Write(OutputFormat::kTar, entries);
  const std::string packed = Write(GetParam(), entries);
  size_t boundaries = 0;
  for (const OwnedEntry& e : entries) boundaries += IsMemberBoundary(e.path);
  ASSERT_GT(boundaries, 5u);
  std::vector<Member> members = Members(GetParam(), packed);
  // One member after each boundary entry, and the last one with the rest.
  EXPECT_EQ(members.size(), boundaries + 1);
  std::string joined, stored;
  std::unique_ptr<MemberCodec> codec = CodecOf(GetParam());
  for (const Member& m : members) {
    joined += m.data;
    stored += m.stored;
    // Each member is the codec's output for its data alone.
    EXPECT_TRUE(m.stored == *codec->Compress(m.data));
  }
  EXPECT_TRUE(joined == tar);
  EXPECT_TRUE(stored == packed);  // nothing between or after the members
  EXPECT_LT(packed.size(), tar.size() / 2);
}

TEST_P(CompressedMembersTest, AnEntryOverTheMaximumIsSplitIntoFullMembers) {
  std::string big(kMaxMember + kMaxMember / 2, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 7919) >> 5);
  const std::vector<OwnedEntry> entries = {File("big.bin", big)};
  std::vector<Member> members = Members(GetParam(), Write(GetParam(), entries));
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].data.size(), kMaxMember);
  EXPECT_TRUE(members[0].data + members[1].data == Write(OutputFormat::kTar, entries));
}

TEST_P(CompressedMembersTest, AnEmptyArchiveIsOneValidMember) {
  const std::string packed = Write(GetParam(), {});
  std::vector<Member> members = Members(GetParam(), packed);
  ASSERT_EQ(members.size(), 1u);
  EXPECT_TRUE(members[0].data == Write(OutputFormat::kTar, {}));
}

TEST_P(CompressedMembersTest, TheArchiveReaderReadsTheMembersAsOneTar) {
  std::vector<OwnedEntry> entries = ManyFiles("");
  for (const OwnedEntry& e : SampleEntries()) entries.push_back(e);  // after "d/..."
  const std::string packed = Write(GetParam(), entries);
  ASSERT_GT(Members(GetParam(), packed).size(), 5u);
  Result<std::vector<ReadEntry>> read = ReadArchive(packed);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->size(), entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ((*read)[i].name, entries[i].path + (entries[i].is_dir() ? "/" : ""));
    EXPECT_TRUE((*read)[i].data == entries[i].data) << entries[i].path;
  }
}

TEST_P(CompressedMembersTest, TheCommandLineDecompressorReadsTheMembersAsOneTar) {
  const char* tool = GetParam() == OutputFormat::kTarZst ? "zstd" : "gzip";
  if (std::system((std::string("command -v ") + tool + " >/dev/null").c_str()) != 0) {
    GTEST_SKIP() << tool << " is not installed";
  }
  const std::vector<OwnedEntry> entries = ManyFiles("");
  const std::string packed = Write(GetParam(), entries);
  ASSERT_GT(Members(GetParam(), packed).size(), 5u);
  TempDir tmp;
  const std::string path = tmp / "a";
  std::ofstream(path, std::ios::binary) << packed;
  const std::string command = std::string(tool) + " -dc < '" + path + "'";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  EXPECT_EQ(pclose(pipe), 0) << command;
  EXPECT_TRUE(out == Write(OutputFormat::kTar, entries));
}

TEST_P(CompressedMembersTest, UnchangedMembersAreReusedWithIdenticalBytes) {
  std::vector<OwnedEntry> entries = ManyFiles("");
  const std::string plain = Write(GetParam(), entries);
  CountingStore store;
  EXPECT_TRUE(Write(GetParam(), entries, &store) == plain);
  const int members = store.puts;
  EXPECT_EQ(store.hits, 0);
  EXPECT_GT(members, 5);
  // Same entries again: every member from the store, same bytes.
  store.ResetCounts();
  EXPECT_TRUE(Write(GetParam(), entries, &store) == plain);
  EXPECT_EQ(store.hits, members);
  EXPECT_EQ(store.puts, 0);
  // One file grows: at most two members are compressed again.
  entries[150].data += "one more line\n";
  store.ResetCounts();
  const std::string changed = Write(GetParam(), entries, &store);
  EXPECT_LE(store.puts, 2);
  EXPECT_GE(store.hits, members - 2);
  EXPECT_TRUE(changed == Write(GetParam(), entries));
}

INSTANTIATE_TEST_SUITE_P(Formats, CompressedMembersTest,
                         ::testing::Values(OutputFormat::kTarGz, OutputFormat::kTarZst),
                         [](const ::testing::TestParamInfo<OutputFormat>& info) {
                           return info.param == OutputFormat::kTarZst ? "Zstd" : "Gzip";
                         });

TEST(GzipMembersTest, HeadersHaveNoNameAndNoTime) {
  std::vector<Member> members = GzipMembers(Write(OutputFormat::kTarGz, ManyFiles("")));
  ASSERT_GT(members.size(), 5u);
  for (const Member& m : members) {
    const unsigned char* b = reinterpret_cast<const unsigned char*>(m.stored.data());
    EXPECT_EQ(b[0], 0x1f);
    EXPECT_EQ(b[1], 0x8b);
    EXPECT_EQ(b[2], 8);  // deflate
    EXPECT_EQ(b[3], 0);  // FLG: no FNAME, FCOMMENT, FEXTRA, FHCRC
    EXPECT_EQ(b[4] | b[5] | b[6] | b[7], 0);  // MTIME
    EXPECT_EQ(b[9], 3);  // OS: Unix
  }
}

TEST(CompressedMembersStoreTest, GzipAndZstdMembersOfTheSameBytesDoNotShareKeys) {
  const std::vector<OwnedEntry> entries = ManyFiles("");
  CountingStore store;
  Write(OutputFormat::kTarGz, entries, &store);
  const int gzip_members = store.puts;
  store.ResetCounts();
  const std::string zst = Write(OutputFormat::kTarZst, entries, &store);
  EXPECT_EQ(store.hits, 0);
  EXPECT_EQ(store.puts, gzip_members);
  EXPECT_TRUE(zst == Write(OutputFormat::kTarZst, entries));
}

TEST(MemberCodecTest, IdentitiesNameTheCodecItsLibraryVersionAndLevel) {
  std::unique_ptr<MemberCodec> gzip = NewGzipCodec();
  std::unique_ptr<MemberCodec> zstd = NewZstdCodec();
  const std::string nul(1, '\0');
  EXPECT_THAT(gzip->identity(), HasSubstr("gzip"));
  EXPECT_THAT(gzip->identity(), HasSubstr(nul + "libdeflate" + nul));
  EXPECT_THAT(gzip->identity(), HasSubstr(nul + std::to_string(kGzipLevel) + nul));
  EXPECT_THAT(zstd->identity(), HasSubstr("zstd"));
  EXPECT_THAT(zstd->identity(),
              HasSubstr(nul + "libzstd" + nul + ZSTD_versionString() + nul));
  EXPECT_THAT(zstd->identity(), HasSubstr(nul + std::to_string(kZstdLevel) + nul));
  // The key covers the whole identity (it holds NUL bytes) and the data.
  EXPECT_EQ(MemberKey(*zstd, "abc"), Sha256Hex(zstd->identity() + "abc"));
  EXPECT_NE(MemberKey(*gzip, "abc"), MemberKey(*zstd, "abc"));
}

TEST(MemberCodecTest, ZstdFramesAreLevel3WithTheContentSize) {
  const std::string tar = Write(OutputFormat::kTar, SampleEntries());
  std::unique_ptr<MemberCodec> codec = NewZstdCodec();
  const std::string frame(*codec->Compress(tar));
  EXPECT_EQ(frame.substr(0, 4), std::string("\x28\xb5\x2f\xfd", 4));
  EXPECT_EQ(ZSTD_getFrameContentSize(frame.data(), frame.size()), tar.size());
  std::string level3(ZSTD_compressBound(tar.size()), '\0');
  level3.resize(ZSTD_compress(level3.data(), level3.size(), tar.data(), tar.size(), 3));
  EXPECT_TRUE(frame == level3);
  std::string level9(ZSTD_compressBound(tar.size()), '\0');
  level9.resize(ZSTD_compress(level9.data(), level9.size(), tar.data(), tar.size(), 9));
  EXPECT_FALSE(frame == level9);
}

}  // namespace
}  // namespace pycpack
