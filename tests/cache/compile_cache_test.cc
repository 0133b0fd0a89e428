#include "cache/compile_cache.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cache/cache_entry.h"
#include "cache/cache_test_util.h"
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
            "63ad5421689600ca12fda077a06e3ec8679752d98bdabe58ec685c38ecc82925");
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

  const std::string key = cache.Key(request);
  const std::string entry =
      std::string(kDir) + "/" + key.substr(0, 2) + "/" + key.substr(2);
  EXPECT_EQ(cache.EntryPath(key), entry);
  Result<std::string> bytes = fs.ReadFile(entry);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(*bytes, EncodeCacheEntry(key, TestPyc()));
  EXPECT_EQ(fs.Stat(entry)->mode, 0644u);
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
  CompileCache cache(&fs, kDir, TestInterp(), kCanon);
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(cache.Put(TestRequest(std::to_string(i % 5)), TestPyc()).ok());
  }
  ASSERT_TRUE(cache.Put(TestRequest("0"), TestPyc("new")).ok());
  EXPECT_EQ(cache.Get(TestRequest("0")), TestPyc("new"));
  EXPECT_EQ(cache.stats().stores, 21u);
  EXPECT_EQ(TempFiles(fs.Paths()), std::vector<std::string>{});
  int entries = 0;
  for (const std::string& path : fs.Paths()) {
    if (path.size() == std::string(kDir).size() + 1 + 2 + 1 + 62) ++entries;
  }
  EXPECT_EQ(entries, 5);
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
