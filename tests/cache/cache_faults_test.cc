// Damaged entries and failing writes: the cache misses or reports, never
// fails a build and never leaves a half-written entry behind.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "cache/cache_entry.h"
#include "cache/cache_test_util.h"
#include "cache/compile_cache.h"
#include "fs/memory_filesystem.h"

namespace pycpack {
namespace {

const char kDir[] = "/cache";

class CacheFaultsTest : public ::testing::Test {
 protected:
  CacheFaultsTest()
      : cache_(&fs_, kDir, TestInterp(), 1),
        key_(cache_.Key(TestRequest())),
        entry_(cache_.EntryPath(key_)) {}

  // Expects a Get of TestRequest() to miss because the entry is unusable,
  // and a following Put to repair it.
  void ExpectCorruptThenRepaired() {
    Status corruption;
    EXPECT_EQ(cache_.Get(TestRequest(), &corruption), std::nullopt);
    EXPECT_FALSE(corruption.ok());
    EXPECT_NE(corruption.message().find(entry_), std::string::npos)
        << corruption.message();
    EXPECT_NE(corruption.message().find("pkg/mod.py"), std::string::npos)
        << corruption.message();
    EXPECT_EQ(cache_.stats().corrupt, 1u);
    EXPECT_EQ(cache_.stats().misses, 1u);

    Status put = cache_.Put(TestRequest(), TestPyc());
    ASSERT_TRUE(put.ok()) << put.message();
    EXPECT_EQ(cache_.Get(TestRequest()), TestPyc());
    EXPECT_EQ(cache_.stats().hits, 1u);
    EXPECT_EQ(TempFiles(fs_.Paths()), std::vector<std::string>{});
  }

  std::string GoodEntry() const { return EncodeCacheEntry(key_, TestPyc()); }

  MemoryFileSystem fs_;
  CompileCache cache_;
  const std::string key_;
  const std::string entry_;
};

TEST_F(CacheFaultsTest, FlippedByte) {
  std::string bytes = GoodEntry();
  bytes[bytes.size() - 2] ^= 0x10;
  fs_.AddFile(entry_, bytes);
  ExpectCorruptThenRepaired();
}

TEST_F(CacheFaultsTest, Truncated) {
  fs_.AddFile(entry_, GoodEntry().substr(0, kCacheEntryHeaderSize + 3));
  ExpectCorruptThenRepaired();
}

TEST_F(CacheFaultsTest, TruncatedInsideTheHeader) {
  fs_.AddFile(entry_, GoodEntry().substr(0, 20));
  ExpectCorruptThenRepaired();
}

TEST_F(CacheFaultsTest, EmptyFile) {
  fs_.AddFile(entry_, "");
  ExpectCorruptThenRepaired();
}

TEST_F(CacheFaultsTest, WrongLength) {
  std::string bytes = GoodEntry();
  bytes[6] = static_cast<char>(bytes[6] + 1);
  fs_.AddFile(entry_, bytes);
  ExpectCorruptThenRepaired();
}

TEST_F(CacheFaultsTest, Garbage) {
  fs_.AddFile(entry_, std::string(500, '\x5a'));
  ExpectCorruptThenRepaired();
}

TEST_F(CacheFaultsTest, EntryOfAnotherKey) {
  fs_.AddFile(entry_, EncodeCacheEntry(std::string(64, 'f'), TestPyc()));
  ExpectCorruptThenRepaired();
}

TEST_F(CacheFaultsTest, DirectoryWhereTheEntryShouldBe) {
  fs_.AddFile(entry_ + "/inside", "x");
  ExpectCorruptThenRepaired();
}

TEST_F(CacheFaultsTest, UnreadableEntryIsCorrupt) {
  fs_.AddFile(entry_, GoodEntry());
  // The first failure could be a concurrent store; the second one counts.
  fs_.FailOn(MemoryFileSystem::Op::kRead, entry_);
  fs_.FailOn(MemoryFileSystem::Op::kRead, entry_);
  Status corruption;
  EXPECT_EQ(cache_.Get(TestRequest(), &corruption), std::nullopt);
  EXPECT_NE(corruption.message().find("Input/output error"), std::string::npos)
      << corruption.message();
  EXPECT_EQ(cache_.stats().corrupt, 1u);
  EXPECT_EQ(cache_.Get(TestRequest()), TestPyc());  // both faults are used up
}

// Regression: a Get whose read failed because the entry did not exist yet,
// racing with a Put that renamed it into place before the existence check,
// counted the fresh entry as corrupt.
TEST_F(CacheFaultsTest, EntryStoredDuringGetIsNotCorrupt) {
  fs_.AddFile(entry_, GoodEntry());
  fs_.FailOn(MemoryFileSystem::Op::kRead, entry_);  // as if not there yet
  Status corruption;
  EXPECT_EQ(cache_.Get(TestRequest(), &corruption), TestPyc());
  EXPECT_TRUE(corruption.ok()) << corruption.message();
  EXPECT_EQ(cache_.stats().corrupt, 0u);
  EXPECT_EQ(cache_.stats().hits, 1u);
}

TEST_F(CacheFaultsTest, FileWhereTheEntryDirectoryShouldBe) {
  std::string shard = std::string(kDir) + "/" + key_.substr(0, 2);
  fs_.AddFile(shard, "not a directory");
  Status corruption;
  EXPECT_EQ(cache_.Get(TestRequest(), &corruption), std::nullopt);
  EXPECT_TRUE(corruption.ok());  // nothing at the entry path: a plain miss
  ASSERT_TRUE(cache_.Put(TestRequest(), TestPyc()).ok());
  EXPECT_EQ(cache_.Get(TestRequest()), TestPyc());
}

TEST_F(CacheFaultsTest, CacheDirectoryIsAFileOfTheUser) {
  MemoryFileSystem fs;
  fs.AddFile("/h/notes", "precious");
  CompileCache cache(&fs, "/h/notes/pycpack", TestInterp(), 1);
  Status put = cache.Put(TestRequest(), TestPyc());
  EXPECT_FALSE(put.ok());
  EXPECT_NE(put.message().find("/h/notes"), std::string::npos)
      << put.message();
  EXPECT_EQ(fs.ReadFile("/h/notes").value(), "precious");
  EXPECT_EQ(cache.Get(TestRequest()), std::nullopt);
  EXPECT_EQ(cache.stats().corrupt, 0u);
  EXPECT_EQ(cache.stats().store_errors, 1u);
}

struct WriteFault {
  const char* name;
  std::function<void(MemoryFileSystem*)> arm;
};

class CacheWriteFaultTest : public ::testing::TestWithParam<WriteFault> {};

// A failed Put: non-ok with context, counted, no temp file, no entry; the
// next Get is a clean miss and a later Put works.
TEST_P(CacheWriteFaultTest, PutFailsCleanly) {
  MemoryFileSystem fs;
  CompileCache cache(&fs, "/var/cache/pycpack", TestInterp(), 1);
  GetParam().arm(&fs);
  Status put = cache.Put(TestRequest(), TestPyc());
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.code(), ErrorCode::kIo);
  EXPECT_NE(
      put.message().find(
          "compile cache '/var/cache/pycpack': cannot store 'pkg/mod.py': "),
      std::string::npos)
      << put.message();
  EXPECT_EQ(cache.stats().store_errors, 1u);
  EXPECT_EQ(cache.stats().stores, 0u);
  EXPECT_EQ(TempFiles(fs.Paths()), std::vector<std::string>{});
  EXPECT_FALSE(fs.Exists(cache.EntryPath(cache.Key(TestRequest()))));

  Status corruption;
  EXPECT_EQ(cache.Get(TestRequest(), &corruption), std::nullopt);
  EXPECT_TRUE(corruption.ok()) << corruption.message();
  EXPECT_EQ(cache.stats().corrupt, 0u);

  fs.SetWriteLimit(std::nullopt);
  ASSERT_TRUE(cache.Put(TestRequest(), TestPyc()).ok());
  EXPECT_EQ(cache.Get(TestRequest()), TestPyc());
}

using Op = MemoryFileSystem::Op;
INSTANTIATE_TEST_SUITE_P(
    Faults, CacheWriteFaultTest,
    ::testing::Values(
        WriteFault{"MakeDir", [](auto* fs) { fs->FailOn(Op::kMakeDir, ""); }},
        WriteFault{"NestedMakeDir",
                   [](auto* fs) { fs->FailOn(Op::kMakeDir, "", 1); }},
        WriteFault{"Open", [](auto* fs) { fs->FailOn(Op::kOpen, ".tmp."); }},
        WriteFault{"Append", [](auto* fs) { fs->FailOn(Op::kAppend, ""); }},
        WriteFault{"Close", [](auto* fs) { fs->FailOn(Op::kClose, ""); }},
        WriteFault{"Rename", [](auto* fs) { fs->FailOn(Op::kRename, ""); }},
        WriteFault{"DiskFull", [](auto* fs) { fs->SetWriteLimit(40); }},
        WriteFault{"DiskFullEmpty", [](auto* fs) { fs->SetWriteLimit(0); }}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CacheWriteFaultTest, FailedPutKeepsThePreviousEntry) {
  MemoryFileSystem fs;
  CompileCache cache(&fs, kDir, TestInterp(), 1);
  ASSERT_TRUE(cache.Put(TestRequest(), TestPyc("old")).ok());
  fs.FailOn(Op::kAppend, "");
  EXPECT_FALSE(cache.Put(TestRequest(), TestPyc("new")).ok());
  fs.FailOn(Op::kRename, "");
  EXPECT_FALSE(cache.Put(TestRequest(), TestPyc("new")).ok());
  EXPECT_EQ(cache.Get(TestRequest()), TestPyc("old"));
  EXPECT_EQ(TempFiles(fs.Paths()), std::vector<std::string>{});
  EXPECT_EQ(cache.stats().store_errors, 2u);
}

}  // namespace
}  // namespace pycpack
