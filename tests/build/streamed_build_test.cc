// Big data files reach the writers as streams (BuildOptions::
// stream_threshold): never read whole, the same artifacts and RECORD rows
// as when held in memory, and a file that changes size mid-build fails
// the build, naming it, with nothing written.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <sstream>

#include "build/build.h"
#include "cli/terminal_printer.h"
#include "fake_compiler.h"
#include "fs/filesystem_wrapper.h"
#include "fs/memory_filesystem.h"
#include "archive/read_back.h"
#include "util/sha256.h"

namespace pycpack {
namespace {

constexpr char kManifest[] = R"({
  "manifest_version": 1,
  "defaults": {"mode": "py+pyc-unchecked"},
  "libraries": [{"name": "app", "root": "src"}],
  "outputs": [{"path": "dist/app", "format": "dir"},
              {"path": "dist/app.tar", "format": "tar"},
              {"path": "dist/app.tar.gz", "format": "tar.gz"},
              {"path": "dist/app.tar.zst", "format": "tar.zst"},
              {"path": "dist/app.zip", "format": "zip"},
              {"path": "dist/wheels", "format": "wheel", "name": "app", "version": "1.0"}]
})";

constexpr uint64_t kThreshold = 1 << 20;
const char kBig[] = "/w/src/pkg/big.bin";
const char kBigSource[] = "/w/src/pkg/huge.py";

// Counts whole reads and piecewise opens per path; optionally makes one
// file look one byte longer to every piecewise reader than to Stat (it
// grew after the build looked at it).
class CountingFileSystem : public FileSystemWrapper {
 public:
  explicit CountingFileSystem(FileSystem* inner) : FileSystemWrapper(inner) {}

  Result<std::string> ReadFile(const std::string& p) override {
    Count(&reads, p);
    return inner()->ReadFile(p);
  }
  Result<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& p) override {
    Count(&opens, p);
    if (p != grows) return inner()->NewSequentialFile(p);
    Result<std::string> data = inner()->ReadFile(p);
    if (!data.ok()) return data.status();
    return std::unique_ptr<SequentialFile>(std::make_unique<StringFile>(*data + "!"));
  }

  int Reads(const std::string& p) {
    std::lock_guard<std::mutex> lock(mu_);
    return reads[p];
  }
  int Opens(const std::string& p) {
    std::lock_guard<std::mutex> lock(mu_);
    return opens[p];
  }

  std::string grows;

 private:
  class StringFile : public SequentialFile {
   public:
    explicit StringFile(std::string data) : data_(std::move(data)) {}
    Result<std::string_view> Read(size_t n, char* scratch) override {
      size_t got = data_.copy(scratch, n, pos_);
      pos_ += got;
      return std::string_view(scratch, got);
    }

   private:
    std::string data_;
    size_t pos_ = 0;
  };

  void Count(std::map<std::string, int>* counts, const std::string& p) {
    std::lock_guard<std::mutex> lock(mu_);
    ++(*counts)[p];
  }

  std::mutex mu_;  // writers read on threads of their own
  std::map<std::string, int> reads, opens;
};

// Bytes that do not compress to nothing, a little over two stream pieces.
std::string BigData() {
  std::string out(2 * kStreamPiece + 777, '\0');
  uint32_t x = 7;
  for (char& c : out) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 16);
  }
  return out;
}

// Every file below /w/dist with its content ("<dir>" for directories).
std::map<std::string, std::string> Dist(MemoryFileSystem& fs) {
  std::map<std::string, std::string> out;
  for (const std::string& p : fs.Paths()) {
    if (p.rfind("/w/dist/", 0) != 0) continue;
    Result<std::string> data = fs.ReadFile(p);
    out[p] = data.ok() ? *data : "<dir>";
  }
  return out;
}

class StreamedBuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs_.AddFile("/w/m.json", kManifest);
    fs_.AddFile("/w/src/pkg/__init__.py", "");
    fs_.AddFile("/w/src/pkg/mod.py", "x = 1\n");
    fs_.AddFile(kBig, BigData());
    // A compiled source over the threshold: read whole, for the compiler.
    std::string huge;
    while (huge.size() <= kThreshold) huge += "x = 'a long line of python'\n";
    fs_.AddFile(kBigSource, huge);
    fs_.AddFile("/w/src/pkg/small.txt", "small");
    env_.fs = &counting_;
    env_.compiler = &compiler_;
    env_.observer = &printer_;
    env_.cwd = "/w";
    opt_.manifest_path = "m.json";
  }

  BuildReport Build(uint64_t threshold) {
    opt_.stream_threshold = threshold;
    return RunBuild(opt_, env_);
  }

  MemoryFileSystem fs_;
  CountingFileSystem counting_{&fs_};
  FakeCompiler compiler_;
  std::ostringstream log_;
  TerminalPrinter printer_{log_, 1, false};
  BuildEnv env_;
  BuildOptions opt_;
};

TEST_F(StreamedBuildTest, ABigDataFileIsStreamedAndTheArtifactsAreTheSame) {
  BuildReport held = Build(UINT64_MAX);
  ASSERT_TRUE(held.status.ok()) << held.status.message();
  EXPECT_EQ(counting_.Reads(kBig), 1);
  EXPECT_EQ(counting_.Opens(kBig), 0);
  const std::map<std::string, std::string> held_dist = Dist(fs_);

  fs_.RemoveAll("/w/dist");
  BuildReport streamed = Build(kThreshold);
  ASSERT_TRUE(streamed.status.ok()) << streamed.status.message();
  // Not read whole again; opened by each of the six writers (a zip writer
  // may read it more than once), and once more for the wheel's RECORD row.
  EXPECT_EQ(counting_.Reads(kBig), 1);
  EXPECT_GE(counting_.Opens(kBig), 7);
  // The compiled source is read whole, never streamed.
  EXPECT_EQ(counting_.Opens(kBigSource), 0);
  EXPECT_TRUE(Dist(fs_) == held_dist);
  ASSERT_EQ(streamed.outputs.size(), held.outputs.size());
  for (size_t i = 0; i < held.outputs.size(); ++i) {
    EXPECT_EQ(streamed.outputs[i].bytes, held.outputs[i].bytes) << i;
    EXPECT_EQ(streamed.outputs[i].unpacked_bytes, held.outputs[i].unpacked_bytes) << i;
    EXPECT_EQ(streamed.outputs[i].sha256, held.outputs[i].sha256) << i;
    EXPECT_GT(streamed.outputs[i].unpacked_bytes, BigData().size()) << i;
  }
  EXPECT_EQ(fs_.ReadFile("/w/dist/app/pkg/big.bin").value(), BigData());
}

TEST_F(StreamedBuildTest, TheRecordRowOfAStreamedFileHashesItsBytes) {
  BuildReport r = Build(kThreshold);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(counting_.Reads(kBig), 0);
  Result<std::vector<std::string>> wheels = fs_.ListDir("/w/dist/wheels");
  ASSERT_TRUE(wheels.ok());
  ASSERT_EQ(wheels->size(), 1u);
  Result<std::vector<ReadEntry>> entries =
      ReadArchive(fs_.ReadFile("/w/dist/wheels/" + (*wheels)[0]).value());
  ASSERT_TRUE(entries.ok()) << entries.status().message();
  std::string record;
  for (const ReadEntry& e : *entries) {
    if (e.name == "app-1.0.dist-info/RECORD") record = e.data;
  }
  const std::string row = "pkg/big.bin," + Sha256RecordHash(BigData()) + "," +
                          std::to_string(BigData().size()) + "\n";
  EXPECT_NE(record.find(row), std::string::npos) << record;
}

TEST_F(StreamedBuildTest, AFileThatChangesSizeMidBuildFailsNamingItAndWritesNothing) {
  fs_.AddFile("/w/dist/app.tar.gz", "previous");
  counting_.grows = kBig;
  BuildReport r = Build(kThreshold);
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.code(), ErrorCode::kIo);
  EXPECT_NE(r.status.message().find(std::string("'") + kBig + "'"), std::string::npos)
      << r.status.message();
  EXPECT_NE(r.status.message().find("changed during the build"), std::string::npos)
      << r.status.message();
  // The previous artifact is untouched, and nothing else was left.
  std::map<std::string, std::string> dist = Dist(fs_);
  EXPECT_EQ(dist, (std::map<std::string, std::string>{{"/w/dist/app.tar.gz", "previous"}}));
}

}  // namespace
}  // namespace pycpack
