#include "cache/compile_cache.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cache/cache_entry.h"
#include "cache/cache_test_util.h"
#include "cache/pack_set.h"
#include "fs/memory_filesystem.h"

namespace pycpack {
namespace {

constexpr int kCanon = 1;
const char kDir[] = "/h/u/.cache/pycpack";

TEST(CacheKeyTest, IsStable) {
  MemoryFileSystem fs;
  CompileCache cache(&fs, kDir, TestInterp(), kCanon);
  // SHA-256 over the length-prefixed fields, computed independently with
  // Python's hashlib. Changing the derivation requires a new kFormatTag.
  EXPECT_EQ(cache.Key(TestRequest()),
            "9e61677414bbb3a782338551bc11e17bf0352de99402af285be32b944c825192");
}

TEST(CacheKeyTest, ChangesWithEveryInput) {
  using Mutation = std::function<void(InterpreterInfo*, int*, CompileRequest*)>;
  const std::vector<std::pair<std::string, Mutation>> mutations = {
      {"none", [](auto*, auto*, auto*) {}},
      {"implementation",
       [](auto* i, auto*, auto*) { i->implementation = "pypy"; }},
      {"version", [](auto* i, auto*, auto*) { i->version = "3.11.3"; }},
      {"magic", [](auto* i, auto*, auto*) { i->magic[0] = '\xa8'; }},
      {"cache_tag",
       [](auto* i, auto*, auto*) { i->cache_tag = "cpython-312"; }},
      {"canonical", [](auto*, int* c, auto*) { *c = 2; }},
      {"optimize", [](auto*, auto*, auto* r) { r->optimize = 2; }},
      {"optimize0", [](auto*, auto*, auto* r) { r->optimize = 0; }},
      {"strip", [](auto*, auto*, auto* r) { r->strip_docstrings = false; }},
      {"invalidation",
       [](auto*, auto*, auto* r) {
         r->invalidation = Invalidation::kCheckedHash;
       }},
      {"dfile",
       [](auto*, auto*, auto* r) { r->dfile = "/var/task/pkg/mod.py"; }},
      {"source", [](auto*, auto*, auto* r) { r->source += " "; }},
      {"empty source", [](auto*, auto*, auto* r) { r->source.clear(); }},
      // Field boundaries move: the length prefixes keep the keys apart.
      {"boundary",
       [](auto*, auto*, auto* r) {
         r->dfile = "pkg/mod.pyp";
         r->source = "rint('hi')\n";
       }},
  };
  MemoryFileSystem fs;
  std::set<std::string> keys;
  for (const auto& [name, mutate] : mutations) {
    InterpreterInfo interp = TestInterp();
    int canon = kCanon;
    CompileRequest request = TestRequest();
    mutate(&interp, &canon, &request);
    CompileCache cache(&fs, kDir, interp, canon);
    std::string key = cache.Key(request);
    EXPECT_TRUE(IsCacheKey(key)) << name << ": " << key;
    EXPECT_TRUE(keys.insert(key).second) << name << " did not change the key";
  }
}

TEST(CacheKeyTest, IgnoresEverythingElse) {
  MemoryFileSystem fs;
  CompileCache cache(&fs, kDir, TestInterp(), kCanon);
  const std::string key = cache.Key(TestRequest());
  // The directory is where entries live, not what they are.
  CompileCache elsewhere(&fs, "/other/dir", TestInterp(), kCanon);
  EXPECT_EQ(elsewhere.Key(TestRequest()), key);
  // major/minor are implied by the version string.
  InterpreterInfo interp = TestInterp();
  interp.major = 4;
  interp.minor = 0;
  EXPECT_EQ(CompileCache(&fs, kDir, interp, kCanon).Key(TestRequest()), key);
  // Keys do not depend on history.
  cache.Key(TestRequest("other"));
  EXPECT_EQ(cache.Key(TestRequest()), key);
}

TEST(CompileCacheTest, RoundTrip) {
  MemoryFileSystem fs;
  CompileCache cache(&fs, kDir, TestInterp(), kCanon);
  CompileRequest request = TestRequest();
  EXPECT_EQ(cache.Get(request), std::nullopt);
  ASSERT_TRUE(cache.Put(request, TestPyc()).ok());
  EXPECT_EQ(cache.Get(request), TestPyc());
  EXPECT_EQ(cache.Get(TestRequest("x = 1\n")), std::nullopt);

  CacheStats stats = cache.stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 2u);
  EXPECT_EQ(stats.corrupt, 0u);
  EXPECT_EQ(stats.stores, 1u);
  EXPECT_EQ(stats.store_errors, 0u);

  // One pack, named and written only when the cache is flushed.
  const std::string packs = std::string(kDir) + "/packs";
  EXPECT_EQ(cache.PackDir(), packs);
  EXPECT_EQ(PackFiles(fs, packs), std::vector<std::string>{});
  ASSERT_TRUE(cache.Flush().ok());
  std::vector<std::string> files = PackFiles(fs, packs);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(fs.Stat(files[0])->mode, 0644u);
  PackOpening pack = OpenPackFile(&fs, files[0]);
  ASSERT_EQ(pack.outcome, PackOpening::kOpened) << pack.problem.message();
  ASSERT_EQ(pack.pack->entries.size(), 1u);
  const PackIndexEntry& e = pack.pack->entries[0];
  EXPECT_EQ(e.key, ToRawCacheKey(cache.Key(request)));
  EXPECT_EQ(fs.ReadFile(files[0])->substr(e.offset, e.length),
            EncodeCacheEntry(cache.Key(request), TestPyc()));
  EXPECT_TRUE(cache.Flush().ok());  // nothing new: no new pack
  EXPECT_EQ(PackFiles(fs, packs).size(), 1u);
}

TEST(CompileCacheTest, GetAndPutByKeyAreGetAndPut) {
  MemoryFileSystem fs;
  CompileCache cache(&fs, kDir, TestInterp(), kCanon);
  const std::string key = cache.Key(TestRequest());
  ASSERT_TRUE(cache.Put(key, "pkg/mod.py", TestPyc()).ok());
  EXPECT_EQ(cache.Get(TestRequest()), TestPyc());
  EXPECT_EQ(cache.Get(key, "pkg/mod.py"), TestPyc());
  EXPECT_EQ(cache.Get(cache.Key(TestRequest("y")), "y.py"), std::nullopt);
  CacheStats stats = cache.stats();
  EXPECT_EQ(stats.hits, 2u);
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.stores, 1u);
}

TEST(CompileCacheTest, AnotherInstanceReadsTheSameEntries) {
  MemoryFileSystem fs;
  ASSERT_TRUE(CompileCache(&fs, kDir, TestInterp(), kCanon)
                  .Put(TestRequest(), TestPyc())
                  .ok());
  CompileCache again(&fs, std::string(kDir) + "/", TestInterp(), kCanon);
  EXPECT_EQ(again.Get(TestRequest()), TestPyc());
  CompileCache next_form(&fs, kDir, TestInterp(), kCanon + 1);
  EXPECT_EQ(next_form.Get(TestRequest()), std::nullopt);
  EXPECT_EQ(next_form.stats().corrupt, 0u);
}

TEST(CompileCacheTest, PutReplacesAndLeavesNoTempFiles) {
  MemoryFileSystem fs;
  {
    CompileCache cache(&fs, kDir, TestInterp(), kCanon);
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(
          cache.Put(TestRequest(std::to_string(i % 5)), TestPyc()).ok());
    }
    ASSERT_TRUE(cache.Put(TestRequest("0"), TestPyc("new")).ok());
    EXPECT_EQ(cache.Get(TestRequest("0")), TestPyc("new"));
    EXPECT_EQ(cache.stats().stores, 21u);
  }  // sealed here
  EXPECT_EQ(TempFiles(fs.Paths()), std::vector<std::string>{});
  std::vector<std::string> files = PackFiles(fs, std::string(kDir) + "/packs");
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(OpenPackFile(&fs, files[0]).pack->entries.size(), 5u);
  CompileCache again(&fs, kDir, TestInterp(), kCanon);
  EXPECT_EQ(again.Get(TestRequest("0")), TestPyc("new"));
  EXPECT_EQ(again.Get(TestRequest("4")), TestPyc());
}

// Many entries, several packs, blobs among them: a new cache finds all.
TEST(CompileCacheTest, ManyEntriesInSeveralPacks) {
  MemoryFileSystem fs;
  const int kEntries = 3000;
  for (int pack = 0; pack < 3; ++pack) {
    CompileCache cache(&fs, kDir, TestInterp(), kCanon);
    for (int i = pack; i < kEntries; i += 3) {
      ASSERT_TRUE(
          cache.Put(TestRequest(std::to_string(i)), TestPyc(std::to_string(i)))
              .ok());
    }
    ASSERT_TRUE(
        cache.PutByKey(std::string(63, 'a') + std::to_string(pack), "blob")
            .ok());
  }
  EXPECT_EQ(PackFiles(fs, std::string(kDir) + "/packs").size(), 3u);
  CompileCache cache(&fs, kDir, TestInterp(), kCanon);
  for (int i = 0; i < kEntries; ++i) {
    ASSERT_EQ(cache.Get(TestRequest(std::to_string(i))),
              TestPyc(std::to_string(i)))
        << i;
  }
  EXPECT_EQ(cache.GetByKey(std::string(63, 'a') + "2"), "blob");
  EXPECT_EQ(cache.GetByKey(std::string(63, 'a') + "3"), std::nullopt);
  EXPECT_EQ(cache.Get(TestRequest("other")), std::nullopt);
  EXPECT_EQ(cache.stats().hits, static_cast<size_t>(kEntries));
  EXPECT_EQ(cache.stats().misses, 1u);
  EXPECT_EQ(cache.stats().corrupt, 0u);
}

// An entry stored and then pushed out of the write buffer is still found
// by the cache that stored it (which seals its pack to read it back).
TEST(CompileCacheTest, ReadsBackEntriesAlreadyWritten) {
  MemoryFileSystem fs;
  CompileCache cache(&fs, kDir, TestInterp(), kCanon);
  ASSERT_TRUE(cache.Put(TestRequest("a"), TestPyc("a")).ok());
  ASSERT_TRUE(
      cache.Put(TestRequest("b"), TestPyc(std::string(kPackWriteBuffer, 'b')))
          .ok());
  EXPECT_EQ(cache.Get(TestRequest("a")), TestPyc("a"));
  EXPECT_EQ(PackFiles(fs, cache.PackDir()).size(), 1u);  // sealed to read it
  EXPECT_EQ(cache.Get(TestRequest("b")),
            TestPyc(std::string(kPackWriteBuffer, 'b')));
  ASSERT_TRUE(cache.Put(TestRequest("c"), TestPyc("c")).ok());
  EXPECT_EQ(cache.Get(TestRequest("c")), TestPyc("c"));
  ASSERT_TRUE(cache.Flush().ok());
  EXPECT_EQ(PackFiles(fs, cache.PackDir()).size(), 2u);
  EXPECT_EQ(cache.Get(TestRequest("c")), TestPyc("c"));
  EXPECT_EQ(cache.stats().hits, 4u);
}

TEST(CompileCacheTest, GetCreatesNothing) {
  MemoryFileSystem fs;
  CompileCache cache(&fs, kDir, TestInterp(), kCanon);
  EXPECT_EQ(cache.Get(TestRequest()), std::nullopt);
  EXPECT_EQ(fs.Paths(), std::vector<std::string>{});
}

TEST(CompileCacheTest, CreatesMissingDirectories) {
  MemoryFileSystem fs;
  CompileCache cache(&fs, "/a/b/c/cache", TestInterp(), kCanon);
  ASSERT_TRUE(cache.Put(TestRequest(), TestPyc()).ok());
  for (const char* dir : {"/a", "/a/b", "/a/b/c", "/a/b/c/cache"}) {
    Result<FileInfo> info = fs.Stat(dir);
    ASSERT_TRUE(info.ok()) << dir;
    EXPECT_EQ(info->type, FileType::kDirectory) << dir;
  }
  EXPECT_EQ(cache.Get(TestRequest()), TestPyc());
}

TEST(CompileCacheTest, RelativeDirectory) {
  MemoryFileSystem fs;  // relative paths are relative to '/'
  CompileCache cache(&fs, "./cache//x/", TestInterp(), kCanon);
  EXPECT_EQ(cache.dir(), "cache/x");
  ASSERT_TRUE(cache.Put(TestRequest(), TestPyc()).ok());
  EXPECT_TRUE(fs.Exists("/cache/x"));
  EXPECT_EQ(cache.Get(TestRequest()), TestPyc());
}

TEST(CompileCacheTest, EmptyDirectoryDisablesTheCache) {
  MemoryFileSystem fs;
  CompileCache cache(&fs, "", TestInterp(), kCanon);
  EXPECT_EQ(cache.dir(), "");
  EXPECT_TRUE(cache.Put(TestRequest(), TestPyc()).ok());
  EXPECT_EQ(cache.Get(TestRequest()), std::nullopt);
  EXPECT_EQ(fs.Paths(), std::vector<std::string>{});
  EXPECT_EQ(cache.stats().stores, 0u);
  EXPECT_EQ(cache.stats().misses, 1u);
}

}  // namespace
}  // namespace pycpack
