// The file-system seam. Everything in the library that touches the disk goes
// through a FileSystem, so the planner and writers can be tested in memory
// (MemoryFileSystem) and with injected faults.
#ifndef PYCPACK_FILESYSTEM_H_
#define PYCPACK_FILESYSTEM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pycpack/status.h"

namespace pycpack {

enum class FileType { kRegular, kDirectory, kSymlink, kOther };

struct FileInfo {
  FileType type = FileType::kOther;
  uint32_t mode = 0;  // permission bits only (e.g. 0755)
  uint64_t size = 0;
};

// A file being written. Append may buffer; Close flushes and reports any
// error that happened on the way. Destroying an unclosed file closes it and
// drops the error.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view data) = 0;
  virtual Status Close() = 0;
};

// A file read from its start in pieces, for content too big to hold whole.
class SequentialFile {
 public:
  virtual ~SequentialFile() = default;
  // Reads up to |n| bytes into |scratch| and returns the bytes read, which
  // may point into |scratch|; empty only at the end of the file.
  // REQUIRES: |scratch| holds at least |n| bytes.
  virtual Result<std::string_view> Read(size_t n, char* scratch) = 0;
};

// A file read at any offset, e.g. one entry of a pack of many. It keeps
// reading the file it opened after that file is renamed or removed (an open
// POSIX descriptor). Read may be called from several threads at once.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // The file's size when it was opened.
  virtual uint64_t size() const = 0;
  // Reads up to |n| bytes at |offset| into |scratch| and returns the bytes
  // read, which may point into |scratch|; fewer than |n| only at the end of
  // the file. REQUIRES: |scratch| holds at least |n| bytes.
  virtual Result<std::string_view> Read(uint64_t offset, size_t n,
                                        char* scratch) const = 0;
};

// Paths are plain strings in the host's syntax ('/' separated); relative
// paths are relative to the process's current directory. Every error names
// the path it concerns.
class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Information about |path| itself (a symlink is reported as kSymlink).
  virtual Result<FileInfo> Lstat(const std::string& path) = 0;
  // Information about what |path| resolves to (follows symlinks).
  virtual Result<FileInfo> Stat(const std::string& path) = 0;
  // True if something (even a dangling symlink) exists at |path|.
  virtual bool Exists(const std::string& path) = 0;
  // The names in directory |path|, without "." and "..", sorted bytewise.
  virtual Result<std::vector<std::string>> ListDir(const std::string& path) = 0;
  // The whole content of regular file |path|.
  virtual Result<std::string> ReadFile(const std::string& path) = 0;
  // Opens regular file |path| for reading in pieces (SequentialFile).
  virtual Result<std::unique_ptr<SequentialFile>> NewSequentialFile(
      const std::string& path) = 0;
  // Opens regular file |path| for reads at any offset (RandomAccessFile).
  virtual Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(
      const std::string& path) = 0;
  // The canonical absolute path of |path| with every symlink resolved.
  // Fails if |path| or a link on the way does not resolve.
  virtual Result<std::string> RealPath(const std::string& path) = 0;

  // Creates (or truncates) |path| with permission bits |mode|.
  virtual Result<std::unique_ptr<WritableFile>> NewWritableFile(
      const std::string& path, uint32_t mode) = 0;
  // Creates directory |path| (its parent must exist). Fails if it exists.
  virtual Status MakeDir(const std::string& path, uint32_t mode) = 0;
  // Sets the modification time of |path| (not following symlinks).
  virtual Status SetMtime(const std::string& path, int64_t mtime) = 0;
  // Renames |from| to |to|, replacing a file (not a non-empty directory).
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  // Atomically swaps |a| and |b| where the system can; both must exist.
  virtual Status Exchange(const std::string& a, const std::string& b) = 0;
  // Removes |path| and, if it is a directory, everything below it.
  // Removing a path that does not exist is not an error.
  virtual Status RemoveAll(const std::string& path) = 0;
};

// The host file system.
std::unique_ptr<FileSystem> NewRealFileSystem();

}  // namespace pycpack

#endif  // PYCPACK_FILESYSTEM_H_
