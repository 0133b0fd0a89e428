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
  std::string entry = cache.EntryPath(cache.Key(TestRequest()));
  struct stat st;
  ASSERT_EQ(::stat(entry.c_str(), &st), 0) << entry;
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  EXPECT_EQ(TempFiles(FilesBelow(tmp.path())), std::vector<std::string>{});
}

TEST(RealCacheTest, DirectoryAtTheEntryIsReplaced) {
  TempDir tmp;
  auto fs = NewRealFileSystem();
  CompileCache cache(fs.get(), tmp.path(), TestInterp(), 1);
  std::string entry = cache.EntryPath(cache.Key(TestRequest()));
  std::filesystem::create_directories(entry + "/sub");
  EXPECT_EQ(cache.Get(TestRequest()), std::nullopt);
  EXPECT_EQ(cache.stats().corrupt, 1u);
  ASSERT_TRUE(cache.Put(TestRequest(), TestPyc()).ok());
  EXPECT_EQ(cache.Get(TestRequest()), TestPyc());
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
  EXPECT_EQ(TempFiles(FilesBelow(tmp.path())), std::vector<std::string>{});
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

}  // namespace
}  // namespace pycpack
