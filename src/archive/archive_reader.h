// The one way pycpack opens an archive for reading (verify, inspect, wheel
// input): libarchive with exactly the formats and filters pycpack supports
// — tar (ustar, pax, gnu), zip, and gzip, zstd, xz and bzip2 compression —
// each through libarchive's built-in code. Nothing else is enabled, so no
// input, whatever its magic bytes say, makes libarchive start an external
// program (lrzip, lzop, grzip, lz4...).
//
// A zip is always read through its central directory, as installers,
// zipfile and unzip read it; the streaming local-header reader, which can
// disagree with them about what a zip holds, is never used.
#ifndef PYCPACK_ARCHIVE_ARCHIVE_READER_H_
#define PYCPACK_ARCHIVE_ARCHIVE_READER_H_

#include <memory>
#include <string>
#include <string_view>

#include "pycpack/status.h"

struct archive;
struct archive_entry;

namespace pycpack {

// Which archives a reader accepts.
enum class ArchiveKind {
  kAny,  // tar (plain or compressed) or zip
  // Only a zip (a wheel): a file that lacks a central directory, a
  // truncated zip included, is not an archive.
  kZip,
};

class ArchiveReader {
 public:
  // Opens the file |path|. Fails with an IoError naming |path|: it cannot
  // be read, or it is not an archive of |kind| that pycpack supports.
  static Result<std::unique_ptr<ArchiveReader>> OpenFile(const std::string& path,
                                                         ArchiveKind kind);
  // Opens |bytes| (which must outlive the reader); |name| names it in
  // errors.
  static Result<std::unique_ptr<ArchiveReader>> OpenMemory(std::string_view bytes,
                                                           const std::string& name,
                                                           ArchiveKind kind);
  ~ArchiveReader();

  // The next member's header, or null at the end of the archive. Fails
  // with an IoError naming the archive when the headers cannot be read.
  Result<struct archive_entry*> Next();

  // Reads the current member's data, up to |limit| bytes; a member larger
  // than that is an error saying so.
  Result<std::string> ReadData(uint64_t limit);

  // libarchive's handle, for code that copies data blocks itself.
  struct archive* handle() const { return a_; }
  // "tar", "zip" or libarchive's name for the format read.
  std::string FormatName() const;
  const std::string& name() const { return name_; }

 private:
  ArchiveReader(struct archive* a, std::string name) : a_(a), name_(std::move(name)) {}
  static Result<std::unique_ptr<ArchiveReader>> Open(const std::string& name,
                                                     std::string_view head,
                                                     ArchiveKind kind);
  Status ReadError(const std::string& what) const;

  struct archive* a_;
  std::string name_;
};

// The member's name as stored (UTF-8 where the archive says so).
std::string MemberName(struct archive_entry* e);

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_ARCHIVE_READER_H_
