// The zip writer's behaviour: round trips through the archive readers,
// stored versus deflated by result, reuse through a BlobStore, streamed
// entries and their spool, ZIP64 for many entries.
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "archive/archive_reader.h"
#include "archive/utf8_locale.h"
#include "archive/zip_deflate.h"
#include "fs/memory_filesystem.h"
#include "fs/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pycpack/archive.h"
#include "read_back.h"
#include "test_entries.h"
#include "util/subprocess.h"
#include "zip_central_directory.h"

#include <archive_entry.h>

namespace pycpack {
namespace {

using ::testing::HasSubstr;
using ziptest::CentralDirectory;
using ziptest::ReadCentralDirectory;

constexpr uint32_t kStored = 0, kDeflated = 8;

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng());
  return out;
}

std::string Compressible(size_t n) {
  std::string out;
  for (int i = 0; out.size() < n; ++i) {
    out += "def function_" + std::to_string(i) + "(x):\n    return x * " +
           std::to_string(i % 7) + "\n";
  }
  out.resize(n);
  return out;
}

// A BlobStore in memory that counts what it is asked.
class MemoryBlobs : public BlobStore {
 public:
  std::optional<std::string> Get(const std::string& key) override {
    ++gets;
    auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    ++hits;
    return it->second;
  }
  void Put(const std::string& key, std::string_view value) override {
    ++puts;
    values[key] = std::string(value);
  }
  std::map<std::string, std::string> values;
  int gets = 0, hits = 0, puts = 0;
};

std::vector<OwnedEntry> MixedEntries() {
  return {
      Dir("app"),
      File("app/__init__.py", ""),
      File("app/big.py", Compressible(100000)),
      File("app/caf\xc3\xa9.py", "x = 1\n"),
      File("app/noise.bin", RandomBytes(50000, 1)),
      File("app/run", "#!/bin/sh\n", 0755),
      Dir("app/sub"),
      File("app/sub/tiny.py", "pass\n"),
  };
}

Result<std::string> Zip(const std::vector<OwnedEntry>& entries,
                        BlobStore* blobs = nullptr) {
  MemoryFileSystem fs;
  ArchiveOptions options;
  options.blobs = blobs;
  return WriteArtifact(OutputFormat::kZip, fs, "/a.zip", entries, options);
}

TEST(ZipWriterTest, RoundTripsThroughLibarchiveAndTheArchiveReader) {
  const std::vector<OwnedEntry> entries = MixedEntries();
  auto zip = Zip(entries);
  ASSERT_TRUE(zip.ok()) << zip.status().message();
  auto read = ReadArchive(*zip);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->size(), entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    SCOPED_TRACE(entries[i].path);
    EXPECT_EQ((*read)[i].name, entries[i].path + (entries[i].is_dir() ? "/" : ""));
    EXPECT_EQ((*read)[i].is_dir, entries[i].is_dir());
    EXPECT_EQ((*read)[i].perm, entries[i].mode);
    EXPECT_TRUE((*read)[i].data == entries[i].data);
  }
  // The central-directory reader verify, inspect and wheel inputs use (as
  // they do, in C.UTF-8: libarchive converts names to the locale).
  ScopedUtf8Locale locale;
  auto reader = ArchiveReader::OpenMemory(*zip, "a.zip", ArchiveKind::kZip);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  for (const OwnedEntry& want : entries) {
    auto e = (*reader)->Next();
    ASSERT_TRUE(e.ok()) << e.status().message();
    ASSERT_NE(*e, nullptr);
    EXPECT_EQ(MemberName(*e), want.path + (want.is_dir() ? "/" : ""));
    EXPECT_EQ(archive_entry_perm(*e), want.mode);
    auto data = (*reader)->ReadData(1 << 20);
    ASSERT_TRUE(data.ok()) << data.status().message();
    EXPECT_TRUE(*data == want.data) << want.path;
  }
  auto end = (*reader)->Next();
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(*end, nullptr);
}

TEST(ZipWriterTest, StoresWhatDeflateDoesNotShrink) {
  auto zip = Zip(MixedEntries());
  ASSERT_TRUE(zip.ok());
  std::map<std::string, ziptest::CentralEntry> by_name;
  for (const auto& e : ReadCentralDirectory(*zip).entries) by_name[e.name] = e;
  EXPECT_EQ(by_name["app/big.py"].method, kDeflated);
  EXPECT_LT(by_name["app/big.py"].compressed_size, 100000u / 4);
  EXPECT_EQ(by_name["app/noise.bin"].method, kStored);
  EXPECT_EQ(by_name["app/noise.bin"].compressed_size, 50000u);
  EXPECT_EQ(by_name["app/__init__.py"].method, kStored);
  EXPECT_EQ(by_name["app/sub/tiny.py"].method, kStored);  // 5 bytes
  EXPECT_EQ(by_name["app/"].method, kStored);
  EXPECT_EQ(by_name["app/"].external_attrs, (040755u << 16) | 0x10);
  EXPECT_EQ(by_name["app/run"].external_attrs, 0100755u << 16);
  EXPECT_EQ(by_name["app/big.py"].external_attrs, 0100644u << 16);
}

TEST(ZipWriterTest, BlobStoreGivesTheSameBytesAndSavesCompressions) {
  const std::vector<OwnedEntry> entries = MixedEntries();
  auto plain = Zip(entries);
  ASSERT_TRUE(plain.ok());
  MemoryBlobs blobs;
  auto cold = Zip(entries, &blobs);
  ASSERT_TRUE(cold.ok());
  EXPECT_TRUE(*cold == *plain);
  // big.py and noise.bin reach kZipReuseMin; the rest is not kept.
  EXPECT_EQ(blobs.puts, 2);
  EXPECT_EQ(blobs.hits, 0);
  EXPECT_EQ(blobs.values[ZipBlobKey(RandomBytes(50000, 1))], "S");

  auto warm = Zip(entries, &blobs);
  ASSERT_TRUE(warm.ok());
  EXPECT_TRUE(*warm == *plain);
  EXPECT_EQ(blobs.puts, 2);  // nothing compressed again
  EXPECT_EQ(blobs.hits, 2);

  // One entry changed: only it is compressed again.
  std::vector<OwnedEntry> changed = entries;
  changed[2].data[500] = '#';
  auto again = Zip(changed, &blobs);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(blobs.puts, 3);
  EXPECT_EQ(blobs.hits, 3);
  auto fresh = Zip(changed);
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(*again == *fresh);
}

TEST(ZipWriterTest, DamagedBlobsAreIgnored) {
  const std::vector<OwnedEntry> entries = MixedEntries();
  auto plain = Zip(entries);
  ASSERT_TRUE(plain.ok());
  MemoryBlobs blobs;
  ASSERT_TRUE(Zip(entries, &blobs).ok());
  for (auto& [key, value] : blobs.values) value = value == "S" ? "D" : "X" + value;
  auto damaged = Zip(entries, &blobs);
  ASSERT_TRUE(damaged.ok());
  EXPECT_TRUE(*damaged == *plain);
  EXPECT_EQ(blobs.puts, 4);  // both replaced
}

TEST(ZipWriterTest, DeflaterCountsCompressionsAndReuse) {
  MemoryBlobs blobs;
  const std::string data = Compressible(20000);
  std::string first;
  {
    ZipDeflater d(&blobs);
    auto p = d.Prepare(data);
    ASSERT_TRUE(p.ok());
    first = std::string(p->data);
    EXPECT_EQ(d.compressed(), 1u);
    EXPECT_EQ(d.reused(), 0u);
  }
  ZipDeflater d(&blobs);
  auto p = d.Prepare(data);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->method, kDeflated);
  EXPECT_TRUE(std::string(p->data) == first);
  EXPECT_EQ(d.compressed(), 0u);
  EXPECT_EQ(d.reused(), 1u);
  // Below kZipReuseMin the store is not asked.
  const int gets = blobs.gets;
  ASSERT_TRUE(d.Prepare(Compressible(kZipReuseMin - 1)).ok());
  EXPECT_EQ(blobs.gets, gets);
  EXPECT_EQ(d.compressed(), 1u);
}

// A streamed entry, for the tests below: the StreamedContent must outlive
// the Add call.
struct Streamed {
  std::string path;
  StreamedContent content;
  ArchiveEntry entry() const {
    ArchiveEntry e;
    e.path = path;
    e.stream = &content;
    return e;
  }
};

// Writes Dir("d"), then |files| (streamed from |fs|), to /out/a.zip.
Result<std::string> ZipStreamed(MemoryFileSystem& fs,
                                const std::vector<std::string>& files,
                                BlobStore* blobs = nullptr,
                                std::map<std::string, uint64_t> sizes = {}) {
  ArchiveOptions options;
  options.blobs = blobs;
  fs.AddDir("/out");
  auto writer = NewArchiveWriter(OutputFormat::kZip, &fs, "/out/a.zip", options);
  if (!writer.ok()) return writer.status();
  PYCPACK_RETURN_IF_ERROR((*writer)->Add(Dir("d").view()));
  for (const std::string& name : files) {
    const std::string src = "/src/" + name;
    Result<FileInfo> info = fs.Stat(src);
    if (!info.ok()) return info.status();
    uint64_t size = sizes.count(name) ? sizes[name] : info->size;
    Streamed s{"d/" + name, StreamedContent{&fs, src, size}};
    PYCPACK_RETURN_IF_ERROR((*writer)->Add(s.entry()));
  }
  PYCPACK_RETURN_IF_ERROR((*writer)->Finish());
  Result<std::string> bytes = fs.ReadFile("/out/a.zip");
  fs.RemoveAll("/out");
  return bytes;
}

bool HasSpool(const MemoryFileSystem& fs) {
  for (const std::string& p : fs.Paths()) {
    if (p.find("spool") != std::string::npos) return true;
  }
  return false;
}

TEST(ZipWriterTest, StreamedEntriesReadBackAndMatchHeldOnesWhenStored) {
  MemoryFileSystem fs;
  const std::string text = Compressible(3 * kStreamPiece + 12345);
  const std::string noise = RandomBytes(3 * kStreamPiece + 777, 2);
  fs.AddFile("/src/empty", "");
  fs.AddFile("/src/noise", noise);
  fs.AddFile("/src/text.py", text);
  auto zip = ZipStreamed(fs, {"empty", "noise", "text.py"});
  ASSERT_TRUE(zip.ok()) << zip.status().message();
  EXPECT_FALSE(HasSpool(fs));
  auto read = ReadArchive(*zip);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->size(), 4u);
  EXPECT_EQ((*read)[1].data, "");
  EXPECT_TRUE((*read)[2].data == noise);
  EXPECT_TRUE((*read)[3].data == text);
  CentralDirectory cd = ReadCentralDirectory(*zip);
  ASSERT_EQ(cd.entries.size(), 4u);
  EXPECT_EQ(cd.entries[1].method, kStored);
  EXPECT_EQ(cd.entries[2].method, kStored);
  EXPECT_EQ(cd.entries[3].method, kDeflated);
  EXPECT_LT(cd.entries[3].compressed_size, text.size() / 4);

  // Stored data does not depend on how it arrived.
  auto held = Zip({Dir("d"), File("d/empty", ""), File("d/noise", noise)});
  auto streamed = ZipStreamed(fs, {"empty", "noise"});
  ASSERT_TRUE(held.ok() && streamed.ok());
  EXPECT_TRUE(*held == *streamed);
}

TEST(ZipWriterTest, StreamedStoredOutcomeIsReusedWithTheSameBytes) {
  MemoryFileSystem fs;
  fs.AddFile("/src/noise", RandomBytes(2 * kStreamPiece, 3));
  fs.AddFile("/src/text.py", Compressible(kStreamPiece));
  auto plain = ZipStreamed(fs, {"noise", "text.py"});
  ASSERT_TRUE(plain.ok());
  MemoryBlobs blobs;
  auto cold = ZipStreamed(fs, {"noise", "text.py"}, &blobs);
  ASSERT_TRUE(cold.ok());
  EXPECT_TRUE(*cold == *plain);
  EXPECT_EQ(blobs.puts, 1);  // the stored outcome only
  EXPECT_EQ(blobs.hits, 0);
  auto warm = ZipStreamed(fs, {"noise", "text.py"}, &blobs);
  ASSERT_TRUE(warm.ok());
  EXPECT_TRUE(*warm == *plain);
  EXPECT_EQ(blobs.puts, 1);
  EXPECT_EQ(blobs.hits, 1);
  EXPECT_FALSE(HasSpool(fs));
}

TEST(ZipWriterTest, StreamedFileOfAnotherSizeIsAnErrorNamingIt) {
  for (uint64_t declared : {uint64_t{100}, uint64_t{5 * kStreamPiece}}) {
    for (bool with_blobs : {false, true}) {
      SCOPED_TRACE(declared);
      MemoryFileSystem fs;
      fs.AddFile("/src/data.bin", Compressible(2 * kStreamPiece));
      MemoryBlobs blobs;
      auto zip = ZipStreamed(fs, {"data.bin"}, with_blobs ? &blobs : nullptr,
                             {{"data.bin", declared}});
      ASSERT_FALSE(zip.ok());
      EXPECT_EQ(zip.status().code(), ErrorCode::kIo);
      EXPECT_THAT(zip.status().message(), HasSubstr("'/src/data.bin'"));
      EXPECT_THAT(zip.status().message(), HasSubstr("changed during the build"));
      EXPECT_FALSE(HasSpool(fs));
    }
  }
}

TEST(ZipWriterTest, SpoolFailuresNameTheSpoolAndLeaveNothing) {
  for (MemoryFileSystem::Op op : {MemoryFileSystem::Op::kOpen,
                                  MemoryFileSystem::Op::kAppend,
                                  MemoryFileSystem::Op::kClose,
                                  MemoryFileSystem::Op::kRead}) {
    SCOPED_TRACE(static_cast<int>(op));
    MemoryFileSystem fs;
    fs.AddFile("/src/text.py", Compressible(2 * kStreamPiece));
    fs.FailOn(op, "-spool");
    auto zip = ZipStreamed(fs, {"text.py"});
    ASSERT_FALSE(zip.ok());
    EXPECT_THAT(zip.status().message(), HasSubstr("/out/a.zip-spool"));
    EXPECT_THAT(zip.status().message(), HasSubstr("adding 'd/text.py'"));
    EXPECT_FALSE(HasSpool(fs));
  }
}

TEST(ZipWriterTest, AbandonedWriterLeavesNoSpool) {
  MemoryFileSystem fs;
  fs.AddFile("/src/text.py", Compressible(kStreamPiece));
  fs.AddDir("/out");
  {
    auto writer = NewArchiveWriter(OutputFormat::kZip, &fs, "/out/a.zip", {});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Add(Dir("d").view()).ok());
    Streamed s{"d/text.py", StreamedContent{&fs, "/src/text.py", kStreamPiece}};
    ASSERT_TRUE((*writer)->Add(s.entry()).ok());
  }
  EXPECT_FALSE(HasSpool(fs));
}

// More than 65,535 entries need the ZIP64 end records; every reader at hand
// must find all of them.
TEST(ZipWriterTest, ManyEntriesGetZip64EndRecords) {
  std::vector<OwnedEntry> entries = {Dir("m")};
  for (int i = 0; i < 70000; ++i) {
    char name[32];
    snprintf(name, sizeof name, "m/%06d.py", i);
    entries.push_back(File(name, std::to_string(i)));
  }
  TempDir tmp;
  std::unique_ptr<FileSystem> real = NewRealFileSystem();
  auto zip = WriteArtifact(OutputFormat::kZip, *real, tmp / "many.zip", entries);
  ASSERT_TRUE(zip.ok()) << zip.status().message();
  CentralDirectory cd = ReadCentralDirectory(*zip);
  EXPECT_TRUE(cd.zip64_end);
  ASSERT_EQ(cd.entries.size(), entries.size());
  EXPECT_EQ(cd.entries.back().name, "m/069999.py");

  auto read = ReadArchive(*zip);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->size(), entries.size());
  EXPECT_EQ(read->back().data, "69999");
  auto reader = ArchiveReader::OpenMemory(*zip, "many.zip", ArchiveKind::kZip);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  size_t n = 0;
  for (;;) {
    auto e = (*reader)->Next();
    ASSERT_TRUE(e.ok()) << e.status().message();
    if (*e == nullptr) break;
    ++n;
  }
  EXPECT_EQ(n, entries.size());

  // Python's zipfile and Info-ZIP, where installed.
  const std::vector<std::vector<std::string>> checks = {
      {"python3", "-m", "zipfile", "-t", tmp / "many.zip"},
      {"unzip", "-tqq", tmp / "many.zip"}};
  for (const auto& argv : checks) {
    if (!FindProgram(argv[0], "")) continue;
    ProcessSpec spec;
    spec.argv = argv;
    spec.env = EnvironmentWithoutPython({});
    auto run = RunProcess(spec);
    ASSERT_TRUE(run.ok()) << run.status().message();
    EXPECT_EQ(run->exit_code, 0) << argv[0] << ": " << run->out << run->err;
  }
}

}  // namespace
}  // namespace pycpack
