// Sample entries and helpers shared by the archive tests.
#ifndef PYCPACK_TESTS_ARCHIVE_TEST_ENTRIES_H_
#define PYCPACK_TESTS_ARCHIVE_TEST_ENTRIES_H_

#include <string>
#include <vector>

#include "pycpack/archive.h"

namespace pycpack {

// An ArchiveEntry that owns its data (or points to its streamed content).
struct OwnedEntry {
  std::string path;
  ArchiveEntry::Type type = ArchiveEntry::Type::kFile;
  uint32_t mode = 0644;
  std::string data;
  const StreamedContent* stream = nullptr;  // set instead of |data|

  bool is_dir() const { return type == ArchiveEntry::Type::kDirectory; }
  ArchiveEntry view() const { return ArchiveEntry{path, type, mode, data, stream}; }
};

OwnedEntry Dir(std::string path);
OwnedEntry File(std::string path, std::string data, uint32_t mode = 0644);

// A small tree in bytewise order: nested directories, an executable, an
// empty file, a name over 100 bytes, a non-ASCII (UTF-8) name and a file of
// 300 kB that does not compress to nothing.
std::vector<OwnedEntry> SampleEntries();

// Adds every entry, then finishes; the first error stops it.
Status WriteAll(ArchiveWriter& writer, const std::vector<OwnedEntry>& entries);

// Writes |entries| as |format| to |path| on |fs| and returns the bytes
// written (for kDir, "" once written).
Result<std::string> WriteArtifact(OutputFormat format, FileSystem& fs,
                                  const std::string& path,
                                  const std::vector<OwnedEntry>& entries,
                                  const ArchiveOptions& options = {});

// |data| as a raw deflate stream (no zlib or gzip wrapper) at |level|, with
// zlib's default window and memory settings, as gzip and zip use it.
std::string RawDeflate(const std::string& data, int level);

}  // namespace pycpack

#endif  // PYCPACK_TESTS_ARCHIVE_TEST_ENTRIES_H_
