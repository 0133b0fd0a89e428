// Damaged packs and failing writes: the cache misses or reports, never
// fails a build and never leaves a half-written pack behind.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "cache/cache_entry.h"
#include "cache/cache_pack.h"
#include "cache/cache_test_util.h"
#include "cache/compile_cache.h"
#include "cache/pack_set.h"
#include "fs/memory_filesystem.h"

namespace pycpack {
namespace {

const char kDir[] = "/cache";
using Op = MemoryFileSystem::Op;

class CacheFaultsTest : public ::testing::Test {
 protected:
  CacheFaultsTest() {
    CompileCache writer(&fs_, kDir, TestInterp(), 1);
    EXPECT_TRUE(writer.Put(TestRequest("other"), TestPyc("other")).ok());
    EXPECT_TRUE(writer.Put(TestRequest(), TestPyc()).ok());
    key_ = writer.Key(TestRequest());
    std::vector<std::string> packs = PackFiles(fs_, writer.PackDir());
    EXPECT_TRUE(packs.empty());
    EXPECT_TRUE(writer.Flush().ok());
    packs = PackFiles(fs_, writer.PackDir());
    EXPECT_EQ(packs.size(), 1u);
    pack_ = packs.at(0);
    bytes_ = fs_.ReadFile(pack_).value();
    PackOpening opening = OpenPackFile(&fs_, pack_);
    for (const PackIndexEntry& e : opening.pack->entries) {
      if (e.key == ToRawCacheKey(key_)) entry_ = e;
    }
  }

  // Expects a Get of TestRequest() by a new cache to miss because something
  // is unusable, the problem to name |what|, and a Put to repair it for this
  // cache and, once flushed, for the next one.
  void ExpectCorruptThenRepaired(const std::string& what) {
    CompileCache cache(&fs_, kDir, TestInterp(), 1);
    Status corruption;
    EXPECT_EQ(cache.Get(TestRequest(), &corruption), std::nullopt);
    EXPECT_FALSE(corruption.ok());
    EXPECT_NE(corruption.message().find(what), std::string::npos)
        << corruption.message();
    EXPECT_NE(corruption.message().find("pkg/mod.py"), std::string::npos)
        << corruption.message();
    EXPECT_EQ(cache.stats().corrupt, 1u);
    EXPECT_EQ(cache.stats().misses, 1u);

    Status put = cache.Put(TestRequest(), TestPyc());
    ASSERT_TRUE(put.ok()) << put.message();
    EXPECT_EQ(cache.Get(TestRequest()), TestPyc());
    EXPECT_EQ(cache.stats().hits, 1u);
    ASSERT_TRUE(cache.Flush().ok());
    EXPECT_EQ(TempFiles(fs_.Paths()), std::vector<std::string>{});

    CompileCache next(&fs_, kDir, TestInterp(), 1);
    Status again;
    EXPECT_EQ(next.Get(TestRequest(), &again), TestPyc());
    EXPECT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(next.stats().corrupt, 0u);
  }

  // A copy of the pack with byte |at| changed.
  std::string Flipped(size_t at) const {
    std::string bytes = bytes_;
    bytes[at] ^= 0x10;
    return bytes;
  }

  MemoryFileSystem fs_;
  std::string key_;
  std::string pack_;
  std::string bytes_;
  PackIndexEntry entry_;
};

TEST_F(CacheFaultsTest, FlippedPayloadByte) {
  fs_.AddFile(pack_, Flipped(entry_.offset + entry_.length - 2));
  ExpectCorruptThenRepaired("checksum mismatch");
  // The damaged entry is no trouble to the other entries of its pack.
  CompileCache cache(&fs_, kDir, TestInterp(), 1);
  EXPECT_EQ(cache.Get(TestRequest("other")), TestPyc("other"));
}

TEST_F(CacheFaultsTest, WrongEntryLength) {
  fs_.AddFile(pack_, Flipped(entry_.offset + 6));
  ExpectCorruptThenRepaired("payload length");
}

TEST_F(CacheFaultsTest, EntryOfAnotherKeyAtTheOffset) {
  std::string bytes = bytes_;
  std::string other = EncodeCacheEntry(std::string(64, 'f'), TestPyc());
  ASSERT_EQ(other.size(), entry_.length);
  bytes.replace(entry_.offset, entry_.length, other);
  fs_.AddFile(pack_, bytes);
  ExpectCorruptThenRepaired("stored under key ffff");
}

TEST_F(CacheFaultsTest, TruncatedPack) {
  fs_.AddFile(pack_, bytes_.substr(0, bytes_.size() - 3));
  ExpectCorruptThenRepaired(pack_);
  EXPECT_FALSE(fs_.Exists(pack_));  // damaged packs are removed
}

TEST_F(CacheFaultsTest, PackTruncatedInsideTheHeader) {
  fs_.AddFile(pack_, bytes_.substr(0, 5));
  ExpectCorruptThenRepaired(pack_);
}

TEST_F(CacheFaultsTest, EmptyPack) {
  fs_.AddFile(pack_, "");
  ExpectCorruptThenRepaired(pack_);
}

TEST_F(CacheFaultsTest, FlippedIndexByte) {
  fs_.AddFile(pack_, Flipped(bytes_.size() - kPackFooterSize - 3));
  ExpectCorruptThenRepaired("index checksum mismatch");
}

TEST_F(CacheFaultsTest, GarbagePack) {
  fs_.AddFile(pack_, std::string(500, '\x5a'));
  ExpectCorruptThenRepaired("bad magic");
}

TEST_F(CacheFaultsTest, DirectoryWithAPackName) {
  fs_.RemoveAll(pack_);
  fs_.AddFile(pack_ + "/inside", "x");
  ExpectCorruptThenRepaired(pack_);
  EXPECT_FALSE(fs_.Exists(pack_));
}

// A damaged pack costs one warning, not one per entry.
TEST_F(CacheFaultsTest, ADamagedPackIsReportedOnce) {
  fs_.AddFile(pack_, bytes_.substr(0, 100));
  CompileCache cache(&fs_, kDir, TestInterp(), 1);
  Status first, second;
  EXPECT_EQ(cache.Get(TestRequest(), &first), std::nullopt);
  EXPECT_EQ(cache.Get(TestRequest("other"), &second), std::nullopt);
  EXPECT_FALSE(first.ok());
  EXPECT_TRUE(second.ok()) << second.message();
  EXPECT_EQ(cache.stats().corrupt, 1u);
  EXPECT_EQ(cache.stats().misses, 2u);
}

TEST_F(CacheFaultsTest, UnreadablePackIsCorruptButKept) {
  fs_.FailOn(Op::kRead, ".pack");
  CompileCache cache(&fs_, kDir, TestInterp(), 1);
  Status corruption;
  EXPECT_EQ(cache.Get(TestRequest(), &corruption), std::nullopt);
  EXPECT_NE(corruption.message().find("Input/output error"), std::string::npos)
      << corruption.message();
  EXPECT_EQ(cache.stats().corrupt, 1u);
  EXPECT_TRUE(fs_.Exists(pack_));
  CompileCache later(&fs_, kDir, TestInterp(), 1);
  EXPECT_EQ(later.Get(TestRequest()), TestPyc());
}

TEST_F(CacheFaultsTest, PackOfAnotherVersionIsIgnored) {
  const std::string foreign = std::string(kDir) + "/packs/f.pack";
  fs_.AddFile(foreign, "PYCPACK9 whatever comes next");
  CompileCache cache(&fs_, kDir, TestInterp(), 1);
  Status corruption;
  EXPECT_EQ(cache.Get(TestRequest(), &corruption), TestPyc());
  EXPECT_EQ(cache.Get(TestRequest("new"), &corruption), std::nullopt);
  EXPECT_TRUE(corruption.ok()) << corruption.message();
  EXPECT_TRUE(fs_.Exists(foreign));
}

TEST(CacheFaultsNoPackTest, FileWhereThePackDirectoryShouldBe) {
  MemoryFileSystem fs;
  fs.AddFile("/cache/packs", "not a directory");
  CompileCache cache(&fs, "/cache", TestInterp(), 1);
  Status corruption;
  EXPECT_EQ(cache.Get(TestRequest(), &corruption), std::nullopt);
  EXPECT_TRUE(corruption.ok());  // no packs: a plain miss
  ASSERT_TRUE(cache.Put(TestRequest(), TestPyc()).ok());
  ASSERT_TRUE(cache.Flush().ok());
  CompileCache next(&fs, "/cache", TestInterp(), 1);
  EXPECT_EQ(next.Get(TestRequest()), TestPyc());
}

TEST(CacheFaultsNoPackTest, CacheDirectoryIsAFileOfTheUser) {
  MemoryFileSystem fs;
  fs.AddFile("/h/notes", "precious");
  CompileCache cache(&fs, "/h/notes/pycpack", TestInterp(), 1);
  Status put = cache.Put(TestRequest(), TestPyc());
  EXPECT_FALSE(put.ok());
  EXPECT_NE(put.message().find("/h/notes"), std::string::npos) << put.message();
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

// A fault while storing: the Put or the Flush fails with context, nothing
// but the directories is left behind (no temporary, no pack), another
// cache's Get is a clean miss, and later stores work.
TEST_P(CacheWriteFaultTest, StoreFailsCleanly) {
  MemoryFileSystem fs;
  const std::string dir = "/var/cache/pycpack";
  {
    CompileCache cache(&fs, dir, TestInterp(), 1);
    GetParam().arm(&fs);
    Status put = cache.Put(TestRequest(), TestPyc());
    Status flush = cache.Flush();
    ASSERT_NE(put.ok(), flush.ok()) << put.message() << flush.message();
    const Status& failed = put.ok() ? flush : put;
    EXPECT_EQ(failed.code(), ErrorCode::kIo);
    const std::string context =
        put.ok() ? "compile cache '" + dir + "': "
                 : "compile cache '" + dir + "': cannot store 'pkg/mod.py': ";
    EXPECT_EQ(failed.message().find(context), 0u) << failed.message();
    EXPECT_EQ(cache.stats().store_errors, put.ok() ? 0u : 1u);
    EXPECT_EQ(cache.stats().stores, put.ok() ? 1u : 0u);
    EXPECT_EQ(TempFiles(fs.Paths()), std::vector<std::string>{});
    EXPECT_EQ(PackFiles(fs, cache.PackDir()), std::vector<std::string>{});
    EXPECT_EQ(cache.Get(TestRequest()), std::nullopt);  // lost, not corrupt
    EXPECT_EQ(cache.stats().corrupt, 0u);
  }
  CompileCache next(&fs, dir, TestInterp(), 1);
  Status corruption;
  EXPECT_EQ(next.Get(TestRequest(), &corruption), std::nullopt);
  EXPECT_TRUE(corruption.ok()) << corruption.message();

  fs.SetWriteLimit(std::nullopt);
  ASSERT_TRUE(next.Put(TestRequest(), TestPyc()).ok());
  ASSERT_TRUE(next.Flush().ok());
  CompileCache last(&fs, dir, TestInterp(), 1);
  EXPECT_EQ(last.Get(TestRequest()), TestPyc());
}

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

// A write that fails in the middle of a pack (its buffer full) fails that
// Put; the pack is dropped, the next Put starts a new one.
TEST(CacheWriteFaultTest, FailedAppendInTheMiddleOfAPack) {
  MemoryFileSystem fs;
  CompileCache cache(&fs, kDir, TestInterp(), 1);
  const std::string big = TestPyc(std::string(kPackWriteBuffer / 2, 'b'));
  ASSERT_TRUE(cache.Put(TestRequest("1"), big).ok());
  ASSERT_TRUE(cache.Put(TestRequest("2"), big).ok());  // writes entry 1
  fs.FailOn(Op::kAppend, "");
  Status put = cache.Put(TestRequest("3"), big);  // would write entry 2
  EXPECT_FALSE(put.ok());
  EXPECT_EQ(cache.stats().store_errors, 1u);
  EXPECT_EQ(TempFiles(fs.Paths()), std::vector<std::string>{});
  EXPECT_EQ(cache.Get(TestRequest("1")), std::nullopt);
  ASSERT_TRUE(cache.Put(TestRequest("3"), big).ok());
  ASSERT_TRUE(cache.Flush().ok());
  CompileCache next(&fs, kDir, TestInterp(), 1);
  EXPECT_EQ(next.Get(TestRequest("3")), big);
  EXPECT_EQ(next.Get(TestRequest("1")), std::nullopt);
}

TEST(CacheWriteFaultTest, FailedFlushKeepsEarlierPacks) {
  MemoryFileSystem fs;
  {
    CompileCache cache(&fs, kDir, TestInterp(), 1);
    ASSERT_TRUE(cache.Put(TestRequest(), TestPyc("old")).ok());
  }
  {
    CompileCache cache(&fs, kDir, TestInterp(), 1);
    ASSERT_TRUE(cache.Put(TestRequest(), TestPyc("new")).ok());
    fs.FailOn(Op::kRename, "");
    EXPECT_FALSE(cache.Flush().ok());
  }
  CompileCache cache(&fs, kDir, TestInterp(), 1);
  EXPECT_EQ(cache.Get(TestRequest()), TestPyc("old"));
  EXPECT_EQ(TempFiles(fs.Paths()), std::vector<std::string>{});
  EXPECT_EQ(PackFiles(fs, cache.PackDir()).size(), 1u);
}

}  // namespace
}  // namespace pycpack
