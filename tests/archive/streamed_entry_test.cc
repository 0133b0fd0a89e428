// Streamed entries (ArchiveEntry::stream): every writer but zip (tested
// with the zip writer) gives the bytes it gives for the same data held in
// memory, and fails naming the file when the file's size is not the one
// promised.
#include <string>
#include <vector>

#include "archive/background_writer.h"
#include "archive/streamed_content.h"
#include "fs/memory_filesystem.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pycpack/archive.h"
#include "test_entries.h"

namespace pycpack {
namespace {

using ::testing::HasSubstr;

// Bytes that neither repeat within a stream piece nor compress to nothing.
std::string BigData(size_t size) {
  std::string out(size, '\0');
  uint64_t x = 88172645463325252ull;
  for (size_t i = 0; i < size; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    out[i] = static_cast<char>(i % 7 == 0 ? x : 'a' + i % 5);
  }
  return out;
}

// A size that is not a multiple of the piece size and spans three pieces.
const size_t kBigSize = 2 * kStreamPiece + 12345;

// SampleEntries with a big file "pkg/sub/big.bin" added, held in memory.
std::vector<OwnedEntry> HeldEntries() {
  std::vector<OwnedEntry> entries = SampleEntries();
  auto at = entries.begin();
  while (at->path != "pkg/sub/run.sh") ++at;
  entries.insert(at, File("pkg/sub/big.bin", BigData(kBigSize)));
  return entries;
}

// The same entries, the big file streamed from /src/big.bin of |src| with
// |content| (which the caller fills in).
std::vector<OwnedEntry> StreamedEntries(MemoryFileSystem* src, StreamedContent* content,
                                        int64_t size_error = 0) {
  std::vector<OwnedEntry> entries = HeldEntries();
  for (OwnedEntry& e : entries) {
    if (e.path != "pkg/sub/big.bin") continue;
    src->AddFile("/src/big.bin", e.data);
    *content = StreamedContent{src, "/src/big.bin", e.data.size() + size_error};
    e.data.clear();
    e.stream = content;
  }
  return entries;
}

// Everything a written artifact holds: the file's bytes, or for kDir each
// path with its content.
std::string Artifact(MemoryFileSystem& fs, OutputFormat format) {
  if (format != OutputFormat::kDir) return fs.ReadFile("/out").value();
  std::string all;
  for (const std::string& p : fs.Paths()) {
    if (p.rfind("/out", 0) != 0) continue;
    all += p + "\n";
    Result<std::string> data = fs.ReadFile(p);
    if (data.ok()) all += *data;
  }
  return all;
}

Result<std::string> Write(OutputFormat format, const std::vector<OwnedEntry>& entries,
                          bool background = false) {
  MemoryFileSystem fs;
  Result<std::unique_ptr<ArchiveWriter>> w =
      NewArchiveWriter(format, &fs, "/out", ArchiveOptions{});
  if (!w.ok()) return w.status();
  std::unique_ptr<ArchiveWriter> writer = std::move(w).value();
  if (background) writer = NewBackgroundWriter(std::move(writer), 1);
  PYCPACK_RETURN_IF_ERROR(WriteAll(*writer, entries));
  return Artifact(fs, format);
}

class StreamedEntryTest : public ::testing::TestWithParam<OutputFormat> {};

TEST_P(StreamedEntryTest, SameBytesAsHeldData) {
  Result<std::string> held = Write(GetParam(), HeldEntries());
  ASSERT_TRUE(held.ok()) << held.status().message();
  MemoryFileSystem src;
  StreamedContent content;
  Result<std::string> streamed = Write(GetParam(), StreamedEntries(&src, &content));
  ASSERT_TRUE(streamed.ok()) << streamed.status().message();
  EXPECT_TRUE(*streamed == *held);
  // The big file is really in there (not an empty entry on both sides).
  Result<std::string> without = Write(GetParam(), SampleEntries());
  ASSERT_TRUE(without.ok());
  EXPECT_GT(held->size(), without->size() + 100000);
}

TEST_P(StreamedEntryTest, SameBytesThroughTheBackgroundWriter) {
  Result<std::string> held = Write(GetParam(), HeldEntries());
  ASSERT_TRUE(held.ok()) << held.status().message();
  MemoryFileSystem src;
  StreamedContent content;
  Result<std::string> streamed =
      Write(GetParam(), StreamedEntries(&src, &content), /*background=*/true);
  ASSERT_TRUE(streamed.ok()) << streamed.status().message();
  EXPECT_TRUE(*streamed == *held);
}

TEST_P(StreamedEntryTest, AFileThatGrewFailsNamingIt) {
  MemoryFileSystem src;
  StreamedContent content;
  Result<std::string> r = Write(GetParam(), StreamedEntries(&src, &content, -1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIo);
  EXPECT_THAT(r.status().message(), HasSubstr("'/src/big.bin'"));
  EXPECT_THAT(r.status().message(), HasSubstr("changed during the build"));
}

TEST_P(StreamedEntryTest, AFileThatShrankFailsNamingIt) {
  MemoryFileSystem src;
  StreamedContent content;
  Result<std::string> r =
      Write(GetParam(), StreamedEntries(&src, &content, 1), /*background=*/true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIo);
  EXPECT_THAT(r.status().message(), HasSubstr("'/src/big.bin'"));
}

TEST_P(StreamedEntryTest, AReadErrorFailsNamingTheFile) {
  MemoryFileSystem src;
  StreamedContent content;
  std::vector<OwnedEntry> entries = StreamedEntries(&src, &content);
  src.FailOn(MemoryFileSystem::Op::kRead, "big.bin");
  Result<std::string> r = Write(GetParam(), entries);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("/src/big.bin"));
}

INSTANTIATE_TEST_SUITE_P(Formats, StreamedEntryTest,
                         ::testing::Values(OutputFormat::kDir, OutputFormat::kTar,
                                           OutputFormat::kTarGz, OutputFormat::kTarZst));

TEST(ReadStreamedTest, PassesPiecesOfAtMostOnePieceInOrder) {
  MemoryFileSystem fs;
  const std::string data = BigData(kBigSize);
  fs.AddFile("/f", data);
  std::string got;
  size_t calls = 0;
  Status s = ReadStreamed(StreamedContent{&fs, "/f", data.size()},
                          [&](std::string_view piece) {
                            ++calls;
                            EXPECT_FALSE(piece.empty());
                            EXPECT_LE(piece.size(), kStreamPiece);
                            got.append(piece);
                            return Status::Ok();
                          });
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(got == data);
  EXPECT_EQ(calls, 3u);
}

TEST(ReadStreamedTest, AnEmptyFileGivesNoPiece) {
  MemoryFileSystem fs;
  fs.AddFile("/empty", "");
  int calls = 0;
  Status s = ReadStreamed(StreamedContent{&fs, "/empty", 0}, [&](std::string_view) {
    ++calls;
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(calls, 0);
  // ... and a file that should be empty but is not fails.
  fs.AddFile("/empty", "x");
  s = ReadStreamed(StreamedContent{&fs, "/empty", 0},
                   [](std::string_view) { return Status::Ok(); });
  EXPECT_THAT(s.message(), HasSubstr("'/empty': it changed during the build"));
}

TEST(ReadStreamedTest, TheSinksErrorStopsReading) {
  MemoryFileSystem fs;
  fs.AddFile("/f", BigData(kBigSize));
  int calls = 0;
  Status s = ReadStreamed(StreamedContent{&fs, "/f", kBigSize}, [&](std::string_view) {
    ++calls;
    return IoError("disk full");
  });
  EXPECT_EQ(s.message(), "disk full");
  EXPECT_EQ(calls, 1);
}

TEST(StreamedEntryCheckTest, ADirectoryOrHeldDataWithAStreamIsRejected) {
  MemoryFileSystem src;
  src.AddFile("/f", "abc");
  StreamedContent content{&src, "/f", 3};
  MemoryFileSystem fs;
  std::unique_ptr<ArchiveWriter> w =
      NewArchiveWriter(OutputFormat::kTar, &fs, "/out", ArchiveOptions{}).value();
  ArchiveEntry dir{"d", ArchiveEntry::Type::kDirectory, 0755, "", &content};
  EXPECT_EQ(w->Add(dir).code(), ErrorCode::kInternal);
  ArchiveEntry both{"f", ArchiveEntry::Type::kFile, 0644, "abc", &content};
  EXPECT_EQ(w->Add(both).code(), ErrorCode::kInternal);
  ArchiveEntry ok{"f", ArchiveEntry::Type::kFile, 0644, "", &content};
  EXPECT_TRUE(w->Add(ok).ok());
}

}  // namespace
}  // namespace pycpack
