// The pack format (cache/cache_pack.h), its writer and its reader, in memory.
#include "cache/cache_pack.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "cache/cache_entry.h"
#include "cache/pack_set.h"
#include "cache/pack_writer.h"
#include "fs/memory_filesystem.h"
#include "util/sha256.h"

namespace pycpack {
namespace {

const char kDir[] = "/c/packs";

RawCacheKey KeyOf(int i) { return ToRawCacheKey(Sha256Hex(std::to_string(i))); }

// Writes a pack holding "payload <i>" for every i < n; returns its path.
std::string WritePack(MemoryFileSystem* fs, int n, uint64_t nonce = 1) {
  Result<std::unique_ptr<PackWriter>> w = PackWriter::Create(fs, kDir, nonce);
  EXPECT_TRUE(w.ok()) << w.status().message();
  for (int i = 0; i < n; ++i) {
    EXPECT_TRUE((*w)->Add(KeyOf(i), "payload " + std::to_string(i)).ok());
  }
  EXPECT_TRUE((*w)->Seal().ok());
  return (*w)->path();
}

TEST(CachePackTest, KeysConvertBothWays) {
  const std::string hex = Sha256Hex("x");
  EXPECT_EQ(ToHexCacheKey(ToRawCacheKey(hex)), hex);
  EXPECT_EQ(
      std::string(reinterpret_cast<const char*>(ToRawCacheKey(hex).data()), 32),
      CacheKeyBytes(hex));
}

TEST(CachePackTest, HeaderKinds) {
  EXPECT_EQ(ClassifyPackHeader("PYCPACK1"), PackHeaderKind::kPack);
  EXPECT_EQ(ClassifyPackHeader("PYCPACK2 and more"),
            PackHeaderKind::kOtherVersion);
  EXPECT_EQ(ClassifyPackHeader("PYCPACKX"), PackHeaderKind::kNotAPack);
  EXPECT_EQ(ClassifyPackHeader("PYCPAC"), PackHeaderKind::kNotAPack);
  EXPECT_EQ(ClassifyPackHeader(""), PackHeaderKind::kNotAPack);
}

TEST(CachePackTest, IndexRoundTripIsSortedByKey) {
  std::vector<PackIndexEntry> entries;
  for (int i = 0; i < 50; ++i) {
    entries.push_back({KeyOf(i), 8 + 100u * i, 100});
  }
  const uint64_t index_offset = 8 + 100 * 50;
  std::string tail = EncodePackIndex(entries, index_offset);
  ASSERT_EQ(tail.size(), 50 * kPackIndexEntrySize + kPackFooterSize);
  const uint64_t size = index_offset + tail.size();
  Result<PackFooter> footer =
      DecodePackFooter(tail.substr(tail.size() - kPackFooterSize), size);
  ASSERT_TRUE(footer.ok()) << footer.status().message();
  EXPECT_EQ(footer->index_offset, index_offset);
  EXPECT_EQ(footer->count, 50u);
  Result<std::vector<PackIndexEntry>> got =
      DecodePackIndex(tail.substr(0, 50 * kPackIndexEntrySize), *footer);
  ASSERT_TRUE(got.ok()) << got.status().message();
  ASSERT_EQ(got->size(), 50u);
  for (size_t i = 1; i < got->size(); ++i)
    EXPECT_LT((*got)[i - 1].key, (*got)[i].key);
  for (const PackIndexEntry& e : *got) {
    bool found = false;
    for (const PackIndexEntry& want : entries) {
      if (want.key == e.key) {
        found = true;
        EXPECT_EQ(e.offset, want.offset);
        EXPECT_EQ(e.length, want.length);
      }
    }
    EXPECT_TRUE(found);
  }
}

TEST(CachePackTest, WriterMakesAPackTheReaderOpens) {
  MemoryFileSystem fs;
  std::string path = WritePack(&fs, 300);
  EXPECT_EQ(path, std::string(kDir) + "/0000000000000001.pack");
  EXPECT_EQ(fs.Paths(), (std::vector<std::string>{"/c", kDir, path}));
  EXPECT_EQ(fs.Stat(path)->mode, 0644u);
  PackOpening opening = OpenPackFile(&fs, path);
  ASSERT_EQ(opening.outcome, PackOpening::kOpened) << opening.problem.message();
  ASSERT_EQ(opening.pack->entries.size(), 300u);
  for (const PackIndexEntry& e : opening.pack->entries) {
    Result<std::string> entry =
        ReadPackEntry(*opening.pack->file, path, e.offset, e.length, e.key);
    ASSERT_TRUE(entry.ok()) << entry.status().message();
  }
}

TEST(CachePackTest, NothingIsVisibleBeforeSeal) {
  MemoryFileSystem fs;
  Result<std::unique_ptr<PackWriter>> w = PackWriter::Create(&fs, kDir, 7);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Add(KeyOf(1), "one").ok());
  std::string entry;
  EXPECT_EQ((*w)->Find(KeyOf(1), &entry), PackWriter::Lookup::kBuffered);
  EXPECT_EQ(DecodeCacheEntry(entry, ToHexCacheKey(KeyOf(1))).value(), "one");
  EXPECT_EQ((*w)->Find(KeyOf(2), &entry), PackWriter::Lookup::kAbsent);
  // A big entry pushes the first one out of the buffer, into the file.
  ASSERT_TRUE((*w)->Add(KeyOf(2), std::string(kPackWriteBuffer, 'x')).ok());
  EXPECT_EQ((*w)->Find(KeyOf(1), &entry), PackWriter::Lookup::kWritten);
  EXPECT_EQ((*w)->Find(KeyOf(2), &entry), PackWriter::Lookup::kBuffered);
  for (const std::string& p : fs.Paths()) EXPECT_FALSE(IsPackName(p)) << p;
  w->reset();  // abandoned: the temporary goes
  EXPECT_EQ(fs.Paths(), (std::vector<std::string>{"/c", kDir}));
}

TEST(CachePackTest, TempNamesNameTheirProcess) {
  EXPECT_EQ(PackTempOwner("00000000000000ab.pack.tmp.1234.00000000000000ab"),
            1234);
  EXPECT_EQ(PackTempOwner("00000000000000ab.pack"), -1);
  EXPECT_EQ(PackTempOwner("x.tmp.1234.00"), -1);
  EXPECT_EQ(PackTempOwner("a.pack.tmp.zz.00"), -1);
  EXPECT_TRUE(IsPackName("a.pack"));
  EXPECT_FALSE(IsPackName(".pack"));
  EXPECT_FALSE(IsPackName("a.pack.tmp.1.2"));
}

// Every truncation and every flipped byte of a pack is caught: the pack is
// damaged, or the entry holding the byte fails its check; nothing crashes
// and nothing damaged is returned as good.
TEST(CachePackTest, EveryDamageIsDetected) {
  MemoryFileSystem fs;
  const std::string path = WritePack(&fs, 3);
  const std::string good = fs.ReadFile(path).value();
  auto usable_entries = [&](const std::string& bytes) {
    fs.AddFile(path, bytes);
    PackOpening opening = OpenPackFile(&fs, path);
    if (opening.outcome != PackOpening::kOpened) {
      // A flipped version digit makes it another version's pack: unused.
      if (opening.outcome != PackOpening::kOtherVersion) {
        EXPECT_EQ(opening.outcome, PackOpening::kDamaged);
        EXPECT_NE(opening.problem.message().find(path), std::string::npos);
      }
      return -1;
    }
    int ok = 0;
    for (const PackIndexEntry& e : opening.pack->entries) {
      ok += ReadPackEntry(*opening.pack->file, path, e.offset, e.length, e.key)
                .ok();
    }
    return ok;
  };
  EXPECT_EQ(usable_entries(good), 3);
  for (size_t n = 0; n < good.size(); ++n) {
    EXPECT_EQ(usable_entries(good.substr(0, n)), -1) << "truncated to " << n;
  }
  EXPECT_EQ(usable_entries(good + "x"), -1);
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] ^= 0x01;
    EXPECT_LT(usable_entries(bad), 3) << "byte " << i;
  }
}

TEST(CachePackTest, OtherVersionsAreLeftAlone) {
  MemoryFileSystem fs;
  fs.AddFile(std::string(kDir) + "/a.pack", "PYCPACK2 from a newer pycpack");
  PackOpening opening = OpenPackFile(&fs, std::string(kDir) + "/a.pack");
  EXPECT_EQ(opening.outcome, PackOpening::kOtherVersion);
  EXPECT_TRUE(opening.problem.ok());
  EXPECT_EQ(OpenPackFile(&fs, "/nothing.pack").outcome, PackOpening::kGone);
}

TEST(CachePackSetTest, FindsEveryEntryOfEveryPack) {
  MemoryFileSystem fs;
  WritePack(&fs, 100, 1);
  WritePack(&fs, 200, 2);  // keys 0..99 are in both
  PackSet set(&fs, kDir);
  set.LoadOnce();
  EXPECT_EQ(set.size(), 2u);
  for (int i = 0; i < 200; ++i) {
    Result<std::optional<std::string>> got = set.Get(KeyOf(i));
    ASSERT_TRUE(got.ok()) << got.status().message();
    EXPECT_EQ(*got, "payload " + std::to_string(i));
  }
  EXPECT_EQ(set.Get(KeyOf(200)).value(), std::nullopt);
  EXPECT_TRUE(set.TakeProblem().ok());
}

TEST(CachePackSetTest, ADamagedCopyFallsBackToAGoodOne) {
  MemoryFileSystem fs;
  const std::string first = WritePack(&fs, 1, 1);
  WritePack(&fs, 1, 2);
  std::string bytes = fs.ReadFile(first).value();
  bytes[kPackHeaderSize + kCacheEntryHeaderSize] ^= 0x20;  // payload byte
  fs.AddFile(first, bytes);
  PackSet set(&fs, kDir);
  set.LoadOnce();
  EXPECT_EQ(set.Get(KeyOf(0)).value(), "payload 0");
  // With the good copy gone, the damage shows.
  fs.RemoveAll(std::string(kDir) + "/0000000000000002.pack");
  PackSet alone(&fs, kDir);
  alone.LoadOnce();
  Result<std::optional<std::string>> got = alone.Get(KeyOf(0));
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find(first), std::string::npos)
      << got.status().message();
  EXPECT_NE(got.status().message().find("checksum"), std::string::npos);
}

TEST(CachePackSetTest, DamagedPacksAreProblemsAndRemoved) {
  MemoryFileSystem fs;
  const std::string good = WritePack(&fs, 5, 1);
  const std::string bad = WritePack(&fs, 5, 2);
  fs.AddFile(bad, fs.ReadFile(bad).value().substr(0, 100));
  PackSet set(&fs, kDir);
  set.LoadOnce();
  EXPECT_EQ(set.size(), 1u);
  Status problem = set.TakeProblem();
  EXPECT_NE(problem.message().find(bad), std::string::npos)
      << problem.message();
  EXPECT_TRUE(set.TakeProblem().ok());  // reported once
  EXPECT_FALSE(fs.Exists(bad));
  EXPECT_TRUE(fs.Exists(good));
}

TEST(CachePackSetTest, UnreadablePacksAreProblemsButKept) {
  MemoryFileSystem fs;
  const std::string path = WritePack(&fs, 5, 1);
  fs.FailOn(MemoryFileSystem::Op::kRead, ".pack");
  PackSet set(&fs, kDir);
  set.LoadOnce();
  EXPECT_EQ(set.size(), 0u);
  EXPECT_NE(set.TakeProblem().message().find("Input/output error"),
            std::string::npos);
  EXPECT_TRUE(fs.Exists(path));
  PackSet later(&fs, kDir);
  later.LoadOnce();
  EXPECT_EQ(later.Get(KeyOf(4)).value(), "payload 4");
}

TEST(CachePackSetTest, RemovesTemporariesOfDeadProcessesOnly) {
  MemoryFileSystem fs;
  // Process ids above the kernel's limit (4194304) never exist.
  const std::string dead =
      std::string(kDir) + "/a.pack.tmp.99999999.0000000000000001";
  const std::string mine = std::string(kDir) + "/b.pack.tmp." +
                           std::to_string(::getpid()) + ".0000000000000002";
  fs.AddFile(dead, "partial");
  fs.AddFile(mine, "partial");
  PackSet set(&fs, kDir);
  set.LoadOnce();
  EXPECT_FALSE(fs.Exists(dead));
  EXPECT_TRUE(fs.Exists(mine));
  EXPECT_TRUE(set.TakeProblem().ok());
}

}  // namespace
}  // namespace pycpack
