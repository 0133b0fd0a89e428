// The cache on the host file system, including concurrent writers of the
// same key (threads of one process, and separate processes).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "cache/cache_test_util.h"
#include "cache/compile_cache.h"
#include "fs/temp_dir.h"
#include "pycpack/filesystem.h"

namespace pycpack {
namespace {

// Every file below |dir|, recursively.
std::vector<std::string> FilesBelow(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    out.push_back(e.path().string());
  }
  return out;
}

// A pyc large enough that a torn write would be visible.
std::string BigPyc() { return TestPyc(std::string(256 * 1024, 'p')); }

TEST(RealCacheTest, RoundTripCreatesDirectories) {
  TempDir tmp;
  auto fs = NewRealFileSystem();
  CompileCache cache(fs.get(), tmp / "nested/cache", TestInterp(), 1);
  ASSERT_TRUE(cache.Put(TestRequest(), TestPyc()).ok());
  EXPECT_EQ(cache.Get(TestRequest()), TestPyc());
  ASSERT_TRUE(cache.Flush().ok());
  std::vector<std::string> packs = PackFiles(*fs, cache.PackDir());
  ASSERT_EQ(packs.size(), 1u);
  struct stat st;
  ASSERT_EQ(::stat(packs[0].c_str(), &st), 0) << packs[0];
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  EXPECT_EQ(TempFiles(FilesBelow(tmp.path())), std::vector<std::string>{});
  CompileCache again(fs.get(), tmp / "nested/cache", TestInterp(), 1);
  EXPECT_EQ(again.Get(TestRequest()), TestPyc());
}

TEST(RealCacheTest, FileAtThePackDirectoryIsReplaced) {
  TempDir tmp;
  auto fs = NewRealFileSystem();
  CompileCache cache(fs.get(), tmp.path(), TestInterp(), 1);
  ASSERT_TRUE(fs->NewWritableFile(cache.PackDir(), 0644).value()->Close().ok());
  EXPECT_EQ(cache.Get(TestRequest()), std::nullopt);
  EXPECT_EQ(cache.stats().corrupt, 0u);
  ASSERT_TRUE(cache.Put(TestRequest(), TestPyc()).ok());
  ASSERT_TRUE(cache.Flush().ok());
  CompileCache again(fs.get(), tmp.path(), TestInterp(), 1);
  EXPECT_EQ(again.Get(TestRequest()), TestPyc());
}

// A pack removed after a reader opened it (a compaction elsewhere) stays
// readable for that reader.
TEST(RealCacheTest, OpenPacksOutliveTheirRemoval) {
  TempDir tmp;
  auto fs = NewRealFileSystem();
  {
    CompileCache writer(fs.get(), tmp.path(), TestInterp(), 1);
    ASSERT_TRUE(writer.Put(TestRequest("a"), TestPyc("a")).ok());
    ASSERT_TRUE(writer.Put(TestRequest("b"), TestPyc("b")).ok());
  }
  CompileCache reader(fs.get(), tmp.path(), TestInterp(), 1);
  EXPECT_EQ(reader.Get(TestRequest("a")), TestPyc("a"));
  for (const std::string& p : PackFiles(*fs, reader.PackDir())) {
    ASSERT_EQ(::unlink(p.c_str()), 0) << p;
  }
  EXPECT_EQ(reader.Get(TestRequest("b")), TestPyc("b"));
}

TEST(RealCacheTest, UnwritableDirectoryFailsPutOnly) {
  TempDir tmp;
  auto fs = NewRealFileSystem();
  ASSERT_TRUE(fs->NewWritableFile(tmp / "file", 0644).value()->Close().ok());
  // Below a regular file: fails for every user, root included.
  CompileCache cache(fs.get(), tmp / "file/cache", TestInterp(), 1);
  Status put = cache.Put(TestRequest(), TestPyc());
  EXPECT_FALSE(put.ok());
  EXPECT_NE(put.message().find(tmp / "file"), std::string::npos)
      << put.message();
  EXPECT_EQ(cache.Get(TestRequest()), std::nullopt);
  EXPECT_EQ(cache.stats().corrupt, 0u);
}

TEST(RealCacheTest, ReadOnlyDirectoryFailsPutOnly) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores permission bits";
  TempDir tmp;
  auto fs = NewRealFileSystem();
  ASSERT_EQ(::chmod(tmp.path().c_str(), 0555), 0);
  CompileCache cache(fs.get(), tmp / "cache", TestInterp(), 1);
  Status put = cache.Put(TestRequest(), TestPyc());
  ::chmod(tmp.path().c_str(), 0755);
  EXPECT_FALSE(put.ok());
  EXPECT_NE(put.message().find("Permission denied"), std::string::npos)
      << put.message();
  EXPECT_EQ(cache.Get(TestRequest()), std::nullopt);
}

// Two writers of one key and a reader: the reader sees a miss or the whole
// pyc, never a damaged entry; a valid entry remains. The writers keep going
// until the reader has read many times, so reads and writes overlap.
TEST(RealCacheTest, ConcurrentThreadsShareAnEntry) {
  TempDir tmp;
  auto fs = NewRealFileSystem();
  CompileCache shared(fs.get(), tmp.path(), TestInterp(), 1);
  CompileCache separate(fs.get(), tmp.path(), TestInterp(), 1);
  const std::string pyc = BigPyc();
  std::atomic<bool> done{false};
  std::atomic<int> reads{0}, bad_reads{0}, corrupt_reads{0};
  std::thread reader([&] {
    CompileCache mine(fs.get(), tmp.path(), TestInterp(), 1);
    while (!done) {
      std::optional<std::string> got = mine.Get(TestRequest());
      if (got && *got != pyc) ++bad_reads;
      ++reads;
    }
    corrupt_reads = static_cast<int>(mine.stats().corrupt);
  });
  auto write = [&](CompileCache* cache) {
    for (int i = 0; i < 20 || reads < 200; ++i) {
      EXPECT_TRUE(cache->Put(TestRequest(), pyc).ok());
    }
  };
  std::thread a(write, &shared), b(write, &shared), c(write, &separate);
  a.join();
  b.join();
  c.join();
  done = true;
  reader.join();
  EXPECT_EQ(bad_reads, 0);
  EXPECT_EQ(corrupt_reads, 0);
  EXPECT_GE(shared.stats().stores, 40u);
  EXPECT_EQ(shared.stats().store_errors, 0u);
  EXPECT_EQ(separate.Get(TestRequest()), pyc);
  EXPECT_TRUE(shared.Flush().ok());
  EXPECT_TRUE(separate.Flush().ok());
  EXPECT_EQ(TempFiles(FilesBelow(tmp.path())), std::vector<std::string>{});
  CompileCache later(fs.get(), tmp.path(), TestInterp(), 1);
  EXPECT_EQ(later.Get(TestRequest()), pyc);
}

// Each child process writes the key many times and reads it back; exit code
// 0 means every Put succeeded and every Get saw the whole pyc or a miss.
int RunWriterProcess(const std::string& dir, const std::string& pyc) {
  auto fs = NewRealFileSystem();
  CompileCache cache(fs.get(), dir, TestInterp(), 1);
  for (int i = 0; i < 40; ++i) {
    if (!cache.Put(TestRequest(), pyc).ok()) return 1;
    if (!cache.Put(TestRequest(std::to_string(i)), pyc).ok()) return 2;
    std::optional<std::string> got = cache.Get(TestRequest());
    if (!got || *got != pyc) return 3;
  }
  return cache.stats().corrupt == 0 ? 0 : 4;
}

TEST(RealCacheTest, ConcurrentProcessesShareAnEntry) {
  TempDir tmp;
  const std::string pyc = BigPyc();
  std::vector<pid_t> children;
  for (int i = 0; i < 3; ++i) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(RunWriterProcess(tmp.path(), pyc));
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  auto fs = NewRealFileSystem();
  CompileCache cache(fs.get(), tmp.path(), TestInterp(), 1);
  EXPECT_EQ(cache.Get(TestRequest()), pyc);
  EXPECT_EQ(cache.Get(TestRequest("39")), pyc);
  EXPECT_EQ(cache.stats().corrupt, 0u);
  EXPECT_EQ(TempFiles(FilesBelow(tmp.path())), std::vector<std::string>{});
}

// Threads storing distinct entries through one cache and through caches of
// their own: every entry lands, in one pack per cache.
TEST(RealCacheTest, ConcurrentThreadsStoreDistinctEntries) {
  TempDir tmp;
  auto fs = NewRealFileSystem();
  const int kPerThread = 300;
  {
    CompileCache shared(fs.get(), tmp.path(), TestInterp(), 1);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        CompileCache own(fs.get(), tmp.path(), TestInterp(), 1);
        for (int i = 0; i < kPerThread; ++i) {
          std::string name = std::to_string(t) + "-" + std::to_string(i);
          CompileCache* cache = i % 2 ? &own : &shared;
          EXPECT_TRUE(cache->Put(TestRequest(name), TestPyc(name)).ok());
          EXPECT_EQ(cache->Get(TestRequest(name)), TestPyc(name));
        }
      });
    }
    for (std::thread& t : threads) t.join();
  }
  CompileCache cache(fs.get(), tmp.path(), TestInterp(), 1);
  for (int t = 0; t < 4; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      std::string name = std::to_string(t) + "-" + std::to_string(i);
      ASSERT_EQ(cache.Get(TestRequest(name)), TestPyc(name)) << name;
    }
  }
  EXPECT_EQ(PackFiles(*fs, cache.PackDir()).size(), 5u);
  EXPECT_EQ(TempFiles(FilesBelow(tmp.path())), std::vector<std::string>{});
}

// Processes that each seal many small packs, so that they compact the
// directory while the others read and write it: no entry is lost, no read
// is damaged, the number of packs stays bounded.
TEST(RealCacheTest, ConcurrentProcessesCompact) {
  TempDir tmp;
  const int kProcesses = 3, kRounds = 25;
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto fs = NewRealFileSystem();
      int code = 0;
      for (int r = 0; r < kRounds && code == 0; ++r) {
        CompileCache cache(fs.get(), tmp.path(), TestInterp(), 1);
        std::string name = std::to_string(p) + "-" + std::to_string(r);
        if (!cache.Put(TestRequest(name), TestPyc(name)).ok()) code = 1;
        // Entries of earlier rounds of this process are in sealed packs.
        std::string old = std::to_string(p) + "-" + std::to_string(r / 2);
        if (r > 0 && cache.Get(TestRequest(old)) != TestPyc(old)) code = 2;
        if (!cache.Flush().ok()) code = 3;
        if (cache.stats().corrupt != 0) code = 4;
      }
      ::_exit(code);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  auto fs = NewRealFileSystem();
  CompileCache cache(fs.get(), tmp.path(), TestInterp(), 1);
  for (int p = 0; p < kProcesses; ++p) {
    for (int r = 0; r < kRounds; ++r) {
      std::string name = std::to_string(p) + "-" + std::to_string(r);
      EXPECT_EQ(cache.Get(TestRequest(name)), TestPyc(name)) << name;
    }
  }
  EXPECT_EQ(cache.stats().corrupt, 0u);
  EXPECT_LE(PackFiles(*fs, cache.PackDir()).size(),
            CompileCache::kMaxPacks + kProcesses);
  EXPECT_EQ(TempFiles(FilesBelow(tmp.path())), std::vector<std::string>{});
}

}  // namespace
}  // namespace pycpack
