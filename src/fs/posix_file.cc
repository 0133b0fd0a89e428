#include "fs/posix_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

#include "fs/fs_errors.h"

namespace pycpack {
namespace {

// Appends are collected up to this many bytes before a write(2).
constexpr size_t kBufferSize = 1 << 16;

class PosixWritableFile : public WritableFile {
 public:
  PosixWritableFile(std::string path, int fd)
      : path_(std::move(path)), fd_(fd) {
    buffer_.reserve(kBufferSize);
  }
  ~PosixWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }

  Status Append(std::string_view data) override {
    if (fd_ < 0) return InternalError("append to closed file '" + path_ + "'");
    if (buffer_.size() + data.size() <= kBufferSize) {
      buffer_.append(data);
      return Status::Ok();
    }
    PYCPACK_RETURN_IF_ERROR(Flush());
    if (data.size() >= kBufferSize) return WriteAll(data);
    buffer_.append(data);
    return Status::Ok();
  }

  Status Close() override {
    if (fd_ < 0) return Status::Ok();
    Status flushed = Flush();
    int rc = ::close(fd_);
    int err = errno;
    fd_ = -1;
    if (!flushed.ok()) return flushed;
    if (rc != 0) return ErrnoStatus("close", path_, err);
    return Status::Ok();
  }

 private:
  Status Flush() {
    Status st = WriteAll(buffer_);
    buffer_.clear();
    return st;
  }

  Status WriteAll(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("write", path_, errno);
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  std::string path_;
  int fd_;
  std::string buffer_;
};

}  // namespace

Result<std::unique_ptr<WritableFile>> OpenPosixWritableFile(
    const std::string& path, uint32_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                  static_cast<mode_t>(mode & 07777));
  if (fd < 0) return ErrnoStatus("create", path, errno);
  if (::fchmod(fd, static_cast<mode_t>(mode & 07777)) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoStatus("set the mode of", path, err);
  }
  return std::unique_ptr<WritableFile>(
      std::make_unique<PosixWritableFile>(path, fd));
}

}  // namespace pycpack
