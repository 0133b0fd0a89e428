// The archive seam: ordered entries in, one artifact (a directory or an
// archive file) out. To add a format, implement ArchiveWriter in
// src/archive/<format>_writer.cc and extend NewArchiveWriter.
#ifndef PYCPACK_ARCHIVE_H_
#define PYCPACK_ARCHIVE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pycpack/filesystem.h"
#include "pycpack/manifest.h"
#include "pycpack/status.h"

namespace pycpack {

// 1980-01-01T00:00:00Z: the earliest date a zip file can store.
inline constexpr int64_t kDefaultMtime = 315532800;

// The content of a file too big to hold in memory: |size| bytes read from
// |path| of |fs| in pieces of at most kStreamPiece bytes. A writer may open
// it more than once; if it reads a different size, the file changed during
// the build and the writer fails (IoError naming |path|).
struct StreamedContent {
  FileSystem* fs = nullptr;
  std::string path;
  uint64_t size = 0;
};

// Largest piece of a streamed file a writer reads at once.
inline constexpr size_t kStreamPiece = 1u << 20;

struct ArchiveEntry {
  enum class Type { kFile, kDirectory };
  // Relative, '/'-separated, no leading '/', no trailing '/', no "." or ".."
  // components, no empty components. Directories are named without '/'.
  std::string path;
  Type type = Type::kFile;
  uint32_t mode = 0644;   // 0644 or 0755 for files, 0755 for directories
  std::string_view data;  // file content; empty for directories
  // Set instead of |data| (which is then empty) for a file whose content is
  // streamed; it outlives the Add call only as long as the entry's data.
  const StreamedContent* stream = nullptr;

  // The file's size, held or streamed.
  uint64_t size() const { return stream ? stream->size : data.size(); }
};

// Where writers may keep compressed pieces of artifacts between builds, so
// that an unchanged piece is not compressed again. Keys are 64 hex digits
// covering everything that decides the stored bytes.
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // The value stored under |key|, or nullopt.
  virtual std::optional<std::string> Get(const std::string& key) = 0;
  // Stores |value| under |key|; best effort (a failure only costs time).
  virtual void Put(const std::string& key, std::string_view value) = 0;
};

struct ArchiveOptions {
  int64_t mtime = kDefaultMtime;  // every entry's modification time
  // Optional; must outlive the writer and allow use from another thread.
  // The artifact's bytes are the same with or without it.
  BlobStore* blobs = nullptr;
};

// Receives the entries of one artifact.
// REQUIRES: paths are added in strictly increasing order (ArtifactOrderLess
// of util/paths.h: bytewise, .dist-info entries last) and every directory is
// added before anything below it. Data passed to Add need only
// live until Add returns.
class ArchiveWriter {
 public:
  virtual ~ArchiveWriter() = default;
  virtual Status Add(const ArchiveEntry& entry) = 0;
  // Completes the artifact. After Finish succeeds the staging path holds a
  // complete artifact; nothing may be added afterwards.
  virtual Status Finish() = 0;
};

// Creates a writer of |format| (not a preset) that writes to |staging_path| (a file for
// archive formats; a directory, created by the writer, for kDir). The bytes
// depend only on the entries, |format| and |options| (not on the time, the
// user, the locale or TZ; kZip computes its MS-DOS times in UTC without
// localtime(), and leaves the process's TZ alone). While it writes a
// streamed entry, kZip keeps a temporary "<staging_path>-spool" (removed
// before Add returns, whatever happened).
// REQUIRES: nothing exists at |staging_path|; |fs| outlives the writer.
Result<std::unique_ptr<ArchiveWriter>> NewArchiveWriter(
    OutputFormat format, FileSystem* fs, const std::string& staging_path,
    const ArchiveOptions& options);

// An artifact being written next to its destination and moved into place
// only when complete: Begin picks a fresh temporary name in the destination's
// directory ("<dir>/.<name>.pycpack-tmp-<pid>-<random>"), after removing the
// temporaries of that destination left by processes that no longer exist (a
// build killed with SIGKILL cannot clean up); Commit replaces the
// destination with it (atomically for files, by an atomic exchange for
// directories where the system supports it, else by moving the old directory
// aside first); Abort (or the destructor of an uncommitted output) removes
// the temporary. A file never replaces a directory nor the reverse (IoError).
class StagedOutput {
 public:
  static Result<std::unique_ptr<StagedOutput>> Begin(FileSystem* fs,
                                                     std::string destination);
  ~StagedOutput();
  const std::string& staging_path() const { return staging_path_; }
  const std::string& destination() const { return destination_; }
  Status Commit();
  void Abort();

 private:
  StagedOutput(FileSystem* fs, std::string destination, std::string staging);
  FileSystem* fs_;
  std::string destination_;
  std::string staging_path_;
  bool done_ = false;
};

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_H_
