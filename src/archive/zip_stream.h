// The data of a zip entry streamed from a file (StreamedContent), never
// held whole: read in pieces of at most kStreamPiece bytes, deflated by
// zlib's streaming deflate at kZipLevel into a spool file, and written
// deflated (from the spool) or stored (from the file again), whichever is
// smaller, as for held entries. zlib, not libdeflate: libdeflate only
// compresses whole buffers.
//
// With a BlobStore, a file that was stored because deflating did not make
// it smaller is remembered under a key over its bytes (plus zlib's version
// and the level), and the next build reads it once for the key instead of
// deflating it again. A deflated outcome is not kept: the value would be as
// big as the file, and BlobStore values are held in memory.
#ifndef PYCPACK_ARCHIVE_ZIP_STREAM_H_
#define PYCPACK_ARCHIVE_ZIP_STREAM_H_

#include <cstdint>
#include <string>

#include "pycpack/archive.h"
#include "pycpack/filesystem.h"
#include "pycpack/status.h"

namespace pycpack {

// A temporary file, removed through its FileSystem when this is destroyed
// (whatever happened before: the file may never have been created).
class ZipSpool {
 public:
  ZipSpool(FileSystem* fs, std::string path)
      : fs_(fs), path_(std::move(path)) {}
  ~ZipSpool() { fs_->RemoveAll(path_); }
  ZipSpool(const ZipSpool&) = delete;
  ZipSpool& operator=(const ZipSpool&) = delete;

  FileSystem* fs() const { return fs_; }
  const std::string& path() const { return path_; }

 private:
  FileSystem* fs_;
  std::string path_;
};

// How a streamed entry goes into the zip.
struct ZipStreamPlan {
  uint16_t method = 0;           // kZipStored or kZipDeflated
  uint32_t crc32 = 0;            // of the file's bytes
  uint64_t compressed_size = 0;  // bytes after the local header
};

// Reads |content| (and, on a miss in |blobs|, deflates it into |spool|) and
// decides how it is written. |blobs| may be null. An IoError naming the
// file if it cannot be read or its size is not content.size; errors of the
// spool name the spool. |deflated| counts the files deflated here, |reused|
// those whose outcome came from |blobs|.
Result<ZipStreamPlan> PlanStreamedEntry(const StreamedContent& content,
                                        BlobStore* blobs, ZipSpool* spool,
                                        size_t* deflated, size_t* reused);

// Appends the entry's data as |plan| says to |out|: the spool's content
// when deflated, else |content| read again, which must still have the size
// and CRC the plan was made from (else an IoError naming the file).
Status CopyStreamedEntry(const StreamedContent& content,
                         const ZipStreamPlan& plan, ZipSpool* spool,
                         WritableFile* out);

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_ZIP_STREAM_H_
