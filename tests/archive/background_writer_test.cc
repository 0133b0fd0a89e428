#include "archive/background_writer.h"

#include <gtest/gtest.h>

#include "archive/test_entries.h"
#include "fs/memory_filesystem.h"

namespace pycpack {
namespace {

class BackgroundWriterTest : public ::testing::TestWithParam<OutputFormat> {};

std::string Write(OutputFormat format, bool background, size_t limit) {
  MemoryFileSystem fs;
  Result<std::unique_ptr<ArchiveWriter>> w =
      NewArchiveWriter(format, &fs, "/out", ArchiveOptions{});
  EXPECT_TRUE(w.ok());
  std::unique_ptr<ArchiveWriter> writer = std::move(w).value();
  if (background) writer = NewBackgroundWriter(std::move(writer), limit);
  Status s = WriteAll(*writer, SampleEntries());
  EXPECT_TRUE(s.ok()) << s.message();
  if (format == OutputFormat::kDir) {
    std::string all;
    for (const std::string& p : fs.Paths()) {
      all += p + "\n";
      Result<std::string> data = fs.ReadFile(p);
      if (data.ok()) all += *data;
    }
    return all;
  }
  return fs.ReadFile("/out").value();
}

TEST_P(BackgroundWriterTest, SameBytesAsTheWrappedWriter) {
  std::string direct = Write(GetParam(), false, 0);
  ASSERT_FALSE(direct.empty());
  EXPECT_EQ(Write(GetParam(), true, 32 << 20), direct);
  // A queue smaller than one entry still passes everything, in order.
  EXPECT_EQ(Write(GetParam(), true, 1), direct);
}

// Small entries wait for a batch while the thread sleeps; an entry that
// does not fit must wake it rather than wait forever, and everything still
// arrives in order.
TEST(BackgroundWriterBatchTest, AnEntryThatDoesNotFitWakesTheSleepingThread) {
  std::vector<OwnedEntry> entries = {Dir("d")};
  for (int i = 0; i < 10; ++i) entries.push_back(File("d/f" + std::to_string(i), "tiny"));
  entries.push_back(File("d/zbig", std::string(5000, 'x')));
  auto write = [&](bool background) {
    MemoryFileSystem fs;
    std::unique_ptr<ArchiveWriter> w =
        NewArchiveWriter(OutputFormat::kTar, &fs, "/out", ArchiveOptions{}).value();
    if (background) w = NewBackgroundWriter(std::move(w), 1000);
    EXPECT_TRUE(WriteAll(*w, entries).ok());
    return fs.ReadFile("/out").value();
  };
  EXPECT_EQ(write(true), write(false));
}

INSTANTIATE_TEST_SUITE_P(Formats, BackgroundWriterTest,
                         ::testing::Values(OutputFormat::kDir, OutputFormat::kTar,
                                           OutputFormat::kTarGz,
                                           OutputFormat::kTarZst,
                                           OutputFormat::kZip));

TEST(BackgroundWriterErrorTest, AWriteFailureSurfacesAndLaterEntriesAreDropped) {
  MemoryFileSystem fs;
  fs.FailOn(MemoryFileSystem::Op::kAppend, "/out");
  std::unique_ptr<ArchiveWriter> writer = NewBackgroundWriter(
      NewArchiveWriter(OutputFormat::kTar, &fs, "/out", ArchiveOptions{}).value(), 1);
  Status first;
  for (const OwnedEntry& e : SampleEntries()) {
    Status s = writer->Add(e.view());
    if (!s.ok() && first.ok()) first = s;
  }
  Status fin = writer->Finish();
  EXPECT_FALSE(fin.ok());
  EXPECT_NE(fin.message().find("/out"), std::string::npos) << fin.message();
  // An Add that saw the failure reports the same error as Finish.
  if (!first.ok()) {
    EXPECT_EQ(first.message(), fin.message());
  }
}

TEST(BackgroundWriterErrorTest, AbandoningAWriterDoesNotHang) {
  MemoryFileSystem fs;
  std::unique_ptr<ArchiveWriter> writer = NewBackgroundWriter(
      NewArchiveWriter(OutputFormat::kTarGz, &fs, "/out", ArchiveOptions{}).value());
  for (const OwnedEntry& e : SampleEntries()) ASSERT_TRUE(writer->Add(e.view()).ok());
  writer.reset();  // no Finish
  SUCCEED();
}

}  // namespace
}  // namespace pycpack
