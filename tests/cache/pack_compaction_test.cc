// Merging packs: the number stays bounded and every entry stays readable.
#include "cache/pack_compaction.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cache/cache_pack.h"
#include "cache/cache_test_util.h"
#include "cache/compile_cache.h"
#include "cache/pack_set.h"
#include "cache/pack_writer.h"
#include "fs/memory_filesystem.h"

namespace pycpack {
namespace {

const char kDir[] = "/cache";
const char kPacks[] = "/cache/packs";

CompileRequest Req(int i) {
  return TestRequest("x = " + std::to_string(i) + "\n");
}
std::string Pyc(int i) { return TestPyc("code " + std::to_string(i)); }

// Stores entries [first, first + n) through a cache of its own: one pack.
void StorePack(MemoryFileSystem* fs, int first, int n) {
  CompileCache cache(fs, kDir, TestInterp(), 1);
  for (int i = first; i < first + n; ++i) {
    ASSERT_TRUE(cache.Put(Req(i), Pyc(i)).ok());
  }
  ASSERT_TRUE(cache.Flush().ok());
}

void ExpectAllReadable(MemoryFileSystem* fs, int n) {
  CompileCache cache(fs, kDir, TestInterp(), 1);
  for (int i = 0; i < n; ++i) ASSERT_EQ(cache.Get(Req(i)), Pyc(i)) << i;
  EXPECT_EQ(cache.stats().corrupt, 0u);
}

TEST(CachePackCompactionTest, FlushKeepsThePackCountBounded) {
  MemoryFileSystem fs;
  for (int p = 0; p < 40; ++p) {
    StorePack(&fs, 10 * p, 10);
    EXPECT_LE(PackFiles(fs, kPacks).size(), CompileCache::kMaxPacks) << p;
  }
  ExpectAllReadable(&fs, 400);
  EXPECT_EQ(TempFiles(fs.Paths()), std::vector<std::string>{});
}

TEST(CachePackCompactionTest, MergesEverythingIntoOnePackOnce) {
  MemoryFileSystem fs;
  for (int p = 0; p < 5; ++p) StorePack(&fs, 0, 20 + p);  // overlapping keys
  ASSERT_EQ(PackFiles(fs, kPacks).size(), 5u);
  ASSERT_TRUE(CompactPacks(&fs, kPacks, 5, 1).ok());
  EXPECT_EQ(PackFiles(fs, kPacks).size(), 5u);  // not more than 5: nothing
  ASSERT_TRUE(CompactPacks(&fs, kPacks, 4, 1).ok());
  std::vector<std::string> packs = PackFiles(fs, kPacks);
  ASSERT_EQ(packs, std::vector<std::string>{std::string(kPacks) +
                                            "/0000000000000001.pack"});
  EXPECT_EQ(OpenPackFile(&fs, packs[0]).pack->entries.size(),
            24u);  // each key once
  ExpectAllReadable(&fs, 24);
}

TEST(CachePackCompactionTest, ABigPackIsLeftOutOfTheMerge) {
  MemoryFileSystem fs;
  StorePack(&fs, 0, 100);
  const std::vector<std::string> big = PackFiles(fs, kPacks);
  for (int p = 0; p < 5; ++p) StorePack(&fs, 100 + 10 * p, 10);
  ASSERT_TRUE(CompactPacks(&fs, kPacks, 4, 1).ok());
  std::vector<std::string> packs = PackFiles(fs, kPacks);
  ASSERT_EQ(packs.size(), 2u);
  EXPECT_EQ(packs[0], std::string(kPacks) + "/0000000000000001.pack");
  EXPECT_EQ(packs[1], big[0]);
  EXPECT_EQ(OpenPackFile(&fs, packs[0]).pack->entries.size(), 50u);
  ExpectAllReadable(&fs, 150);
  // Once the small ones add up to more, everything is merged.
  for (int p = 0; p < 6; ++p) StorePack(&fs, 150 + 10 * p, 10);
  ASSERT_TRUE(CompactPacks(&fs, kPacks, 4, 2).ok());
  EXPECT_EQ(
      PackFiles(fs, kPacks),
      std::vector<std::string>{std::string(kPacks) + "/0000000000000002.pack"});
  ExpectAllReadable(&fs, 210);
}

TEST(CachePackCompactionTest, ReadersOfMergedPacksKeepReading) {
  MemoryFileSystem fs;
  for (int p = 0; p < 3; ++p) StorePack(&fs, 10 * p, 10);
  CompileCache reader(&fs, kDir, TestInterp(), 1);
  EXPECT_EQ(reader.Get(Req(0)), Pyc(0));  // loads the three packs
  ASSERT_TRUE(CompactPacks(&fs, kPacks, 1, 7).ok());
  ASSERT_EQ(PackFiles(fs, kPacks).size(), 1u);
  for (int i = 0; i < 30; ++i) EXPECT_EQ(reader.Get(Req(i)), Pyc(i)) << i;
}

TEST(CachePackCompactionTest, DamageIsDroppedAndGoodCopiesKept) {
  MemoryFileSystem fs;
  StorePack(&fs, 0, 10);
  StorePack(&fs, 5, 10);  // 5..9 in both
  StorePack(&fs, 20, 5);
  std::vector<std::string> packs = PackFiles(fs, kPacks);
  ASSERT_EQ(packs.size(), 3u);
  // Damage every entry of the pack that holds 0..9.
  const RawCacheKey zero =
      ToRawCacheKey(CompileCache(&fs, kDir, TestInterp(), 1).Key(Req(0)));
  for (const std::string& path : packs) {
    PackOpening opening = OpenPackFile(&fs, path);
    bool holds_zero = false;
    for (const PackIndexEntry& e : opening.pack->entries)
      holds_zero |= e.key == zero;
    if (!holds_zero) continue;
    std::string bytes = fs.ReadFile(path).value();
    for (const PackIndexEntry& e : opening.pack->entries) {
      bytes[e.offset + e.length - 1] ^= 0x40;
    }
    fs.AddFile(path, bytes);
  }
  const std::string foreign = std::string(kPacks) + "/zz.pack";
  fs.AddFile(foreign, "PYCPACK7");
  fs.AddFile(std::string(kPacks) + "/zy.pack", "damaged");
  ASSERT_TRUE(CompactPacks(&fs, kPacks, 2, 9).ok());
  packs = PackFiles(fs, kPacks);
  EXPECT_EQ(packs,
            (std::vector<std::string>{
                std::string(kPacks) + "/0000000000000009.pack", foreign}));
  // What survives is every key that had a good copy somewhere: 5..14 and
  // 20..24, not 0..4.
  CompileCache cache(&fs, kDir, TestInterp(), 1);
  int found = 0;
  for (int i = 0; i < 25; ++i) {
    std::optional<std::string> got = cache.Get(Req(i));
    if (got) {
      EXPECT_EQ(*got, Pyc(i));
      ++found;
    }
  }
  EXPECT_EQ(found, 15);
  EXPECT_EQ(cache.stats().corrupt, 0u);
}

TEST(CachePackCompactionTest, AFailedMergeRemovesNothing) {
  MemoryFileSystem fs;
  for (int p = 0; p < 4; ++p) StorePack(&fs, 10 * p, 10);
  fs.FailOn(MemoryFileSystem::Op::kRename, "");
  EXPECT_FALSE(CompactPacks(&fs, kPacks, 2, 3).ok());
  EXPECT_EQ(PackFiles(fs, kPacks).size(), 4u);
  EXPECT_EQ(TempFiles(fs.Paths()), std::vector<std::string>{});
  ExpectAllReadable(&fs, 40);
}

TEST(CachePackCompactionTest, NothingToDoWithoutADirectory) {
  MemoryFileSystem fs;
  EXPECT_TRUE(CompactPacks(&fs, kPacks, 0, 1).ok());
  EXPECT_EQ(fs.Paths(), std::vector<std::string>{});
}

}  // namespace
}  // namespace pycpack
