// The host file system, through POSIX calls.
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "fs/fs_errors.h"
#include "fs/posix_file.h"
#include "fs/remove_tree.h"
#include "pycpack/filesystem.h"

namespace pycpack {
namespace {

FileInfo ToFileInfo(const struct stat& st) {
  FileInfo info;
  if (S_ISREG(st.st_mode)) {
    info.type = FileType::kRegular;
  } else if (S_ISDIR(st.st_mode)) {
    info.type = FileType::kDirectory;
  } else if (S_ISLNK(st.st_mode)) {
    info.type = FileType::kSymlink;
  } else {
    info.type = FileType::kOther;
  }
  info.mode = static_cast<uint32_t>(st.st_mode & 07777);
  info.size = static_cast<uint64_t>(st.st_size);
  return info;
}

Status ReadAll(int fd, const std::string& path, std::string* out) {
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) return Status::Ok();
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("read", path, errno);
    }
    out->append(buf, static_cast<size_t>(n));
  }
}

// Reads up to |n| bytes into |scratch|, fewer only at the end of the file:
// from the file position (|offset| < 0, read) or at |offset| (pread).
Result<std::string_view> ReadUpTo(int fd, const std::string& path, size_t n, char* scratch,
                                  off_t offset) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = offset < 0 ? ::read(fd, scratch + got, n - got)
                           : ::pread(fd, scratch + got, n - got,
                                     offset + static_cast<off_t>(got));
    if (r == 0) break;
    if (r < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("read", path, errno);
    }
    got += static_cast<size_t>(r);
  }
  return std::string_view(scratch, got);
}

// Opens |path| for reading; fails for a directory. Sets *size.
Result<int> OpenForReading(const std::string& path, uint64_t* size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("read", path, errno);
  struct stat st;
  int err = ::fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
  if (err != 0) {
    ::close(fd);
    return ErrnoStatus("read", path, err);
  }
  *size = static_cast<uint64_t>(st.st_size);
  return fd;
}

class PosixSequentialFile : public SequentialFile {
 public:
  PosixSequentialFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~PosixSequentialFile() override { ::close(fd_); }
  Result<std::string_view> Read(size_t n, char* scratch) override {
    return ReadUpTo(fd_, path_, n, scratch, -1);
  }

 private:
  int fd_;
  std::string path_;
};

class PosixRandomAccessFile : public RandomAccessFile {
 public:
  PosixRandomAccessFile(int fd, uint64_t size, std::string path)
      : fd_(fd), size_(size), path_(std::move(path)) {}
  ~PosixRandomAccessFile() override { ::close(fd_); }
  uint64_t size() const override { return size_; }
  Result<std::string_view> Read(uint64_t offset, size_t n,
                                char* scratch) const override {
    return ReadUpTo(fd_, path_, n, scratch, static_cast<off_t>(offset));
  }

 private:
  int fd_;
  uint64_t size_;
  std::string path_;
};

class RealFileSystem : public FileSystem {
 public:
  Result<FileInfo> Lstat(const std::string& path) override {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return ErrnoStatus("stat", path, errno);
    return ToFileInfo(st);
  }

  Result<FileInfo> Stat(const std::string& path) override {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return ErrnoStatus("stat", path, errno);
    return ToFileInfo(st);
  }

  bool Exists(const std::string& path) override {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0;
  }

  Result<std::vector<std::string>> ListDir(const std::string& path) override {
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) return ErrnoStatus("list", path, errno);
    Result<std::vector<std::string>> names = ReadAndCloseDir(dir, path);
    if (!names.ok()) return names;
    // std::string compares as unsigned bytes: the order is bytewise.
    std::sort(names->begin(), names->end());
    return names;
  }

  Result<std::string> ReadFile(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ErrnoStatus("read", path, errno);
    std::string content;
    struct stat st;
    Status status;
    if (::fstat(fd, &st) != 0) {
      status = ErrnoStatus("read", path, errno);
    } else if (S_ISDIR(st.st_mode)) {
      status = ErrnoStatus("read", path, EISDIR);
    } else {
      content.reserve(static_cast<size_t>(st.st_size));
      status = ReadAll(fd, path, &content);
    }
    ::close(fd);
    if (!status.ok()) return status;
    return content;
  }

  Result<std::unique_ptr<SequentialFile>> NewSequentialFile(
      const std::string& path) override {
    uint64_t size = 0;
    Result<int> fd = OpenForReading(path, &size);
    if (!fd.ok()) return fd.status();
    return std::unique_ptr<SequentialFile>(std::make_unique<PosixSequentialFile>(*fd, path));
  }

  Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(
      const std::string& path) override {
    uint64_t size = 0;
    Result<int> fd = OpenForReading(path, &size);
    if (!fd.ok()) return fd.status();
    return std::unique_ptr<RandomAccessFile>(
        std::make_unique<PosixRandomAccessFile>(*fd, size, path));
  }

  Result<std::string> RealPath(const std::string& path) override {
    char buf[PATH_MAX];
    if (::realpath(path.c_str(), buf) == nullptr) {
      return ErrnoStatus("resolve", path, errno);
    }
    return std::string(buf);
  }

  Result<std::unique_ptr<WritableFile>> NewWritableFile(
      const std::string& path, uint32_t mode) override {
    return OpenPosixWritableFile(path, mode);
  }

  Status MakeDir(const std::string& path, uint32_t mode) override;

  Status SetMtime(const std::string& path, int64_t mtime) override {
    struct timespec times[2];
    times[0].tv_sec = 0;
    times[0].tv_nsec = UTIME_OMIT;  // leave the access time alone
    times[1].tv_sec = static_cast<time_t>(mtime);
    times[1].tv_nsec = 0;
    if (::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
      return ErrnoStatus("set the modification time of", path, errno);
    }
    return Status::Ok();
  }

  Status Rename(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) {
      return ErrnoStatus2("rename", from, "to", to, errno);
    }
    return Status::Ok();
  }

  // Uses renameat2(RENAME_EXCHANGE) (Linux 3.15+; not every file system
  // supports it); fails without touching either path where it is missing.
  Status Exchange(const std::string& a, const std::string& b) override {
    if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(),
                    RENAME_EXCHANGE) != 0) {
      return ErrnoStatus2("exchange", a, "and", b, errno);
    }
    return Status::Ok();
  }

  Status RemoveAll(const std::string& path) override { return RemoveTree(path); }
};

// Creates the directory, then, if the umask took bits away, sets the exact
// |mode| through a descriptor opened without following symlinks.
Status RealFileSystem::MakeDir(const std::string& path, uint32_t mode) {
  const mode_t perm = static_cast<mode_t>(mode & 07777);
  if (::mkdir(path.c_str(), perm) != 0) {
    return ErrnoStatus("create directory", path, errno);
  }
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode) &&
      (st.st_mode & 07777) == perm) {
    return Status::Ok();
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("set the mode of", path, errno);
  int rc = ::fchmod(fd, perm);
  int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoStatus("set the mode of", path, err);
  return Status::Ok();
}

}  // namespace

std::unique_ptr<FileSystem> NewRealFileSystem() {
  return std::make_unique<RealFileSystem>();
}

}  // namespace pycpack
