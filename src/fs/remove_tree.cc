#include "fs/remove_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "fs/fs_errors.h"

namespace pycpack {
namespace {

constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

// Closes a descriptor when it goes out of scope.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() { ::close(fd_); }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

// The names in the directory open as |dir_fd|, without "." and "..".
Result<std::vector<std::string>> ReadNames(int dir_fd,
                                           const std::string& display) {
  int list_fd = ::openat(dir_fd, ".", kDirFlags);
  if (list_fd < 0) return ErrnoStatus("list", display, errno);
  DIR* dir = ::fdopendir(list_fd);
  if (dir == nullptr) {
    int err = errno;
    ::close(list_fd);
    return ErrnoStatus("list", display, err);
  }
  return ReadAndCloseDir(dir, display);
}

}  // namespace

Result<std::vector<std::string>> ReadAndCloseDir(DIR* dir,
                                                 const std::string& display) {
  std::vector<std::string> names;
  errno = 0;
  while (struct dirent* e = ::readdir(dir)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
    errno = 0;
  }
  int err = errno;
  ::closedir(dir);
  if (err != 0) return ErrnoStatus("list", display, err);
  return names;
}

namespace {

// Gives the directory open as |dir_fd| its owner's write permission.
Status MakeWritable(int dir_fd, const std::string& display) {
  struct stat st;
  if (::fstat(dir_fd, &st) != 0) return ErrnoStatus("stat", display, errno);
  if ((st.st_mode & S_IWUSR) != 0) return Status::Ok();
  if (::fchmod(dir_fd, (st.st_mode | S_IWUSR) & 07777) != 0) {
    return ErrnoStatus("set the mode of", display, errno);
  }
  return Status::Ok();
}

// Empties the directory open as |dir_fd|; |display| names it in errors.
// |force|: make it and every directory below it writable first.
Status RemoveContents(int dir_fd, const std::string& display, bool force) {
  if (force) PYCPACK_RETURN_IF_ERROR(MakeWritable(dir_fd, display));
  Result<std::vector<std::string>> names = ReadNames(dir_fd, display);
  if (!names.ok()) return names.status();
  for (const std::string& name : *names) {
    const std::string child = display + "/" + name;
    struct stat st;
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT) continue;
      return ErrnoStatus("stat", child, errno);
    }
    int flags = 0;
    if (S_ISDIR(st.st_mode)) {
      int fd = ::openat(dir_fd, name.c_str(), kDirFlags);
      if (fd < 0) return ErrnoStatus("open", child, errno);
      FdCloser closer(fd);
      PYCPACK_RETURN_IF_ERROR(RemoveContents(fd, child, force));
      flags = AT_REMOVEDIR;
    }
    if (::unlinkat(dir_fd, name.c_str(), flags) != 0 && errno != ENOENT) {
      return ErrnoStatus("remove", child, errno);
    }
  }
  return Status::Ok();
}

Status Remove(const std::string& path, bool force) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return ErrnoStatus("stat", path, errno);
  }
  if (!S_ISDIR(st.st_mode)) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      return ErrnoStatus("remove", path, errno);
    }
    return Status::Ok();
  }
  int fd = ::open(path.c_str(), kDirFlags);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  {
    FdCloser closer(fd);
    PYCPACK_RETURN_IF_ERROR(RemoveContents(fd, path, force));
  }
  if (::rmdir(path.c_str()) != 0 && errno != ENOENT) {
    return ErrnoStatus("remove", path, errno);
  }
  return Status::Ok();
}

}  // namespace

Status RemoveTree(const std::string& path) { return Remove(path, false); }

Status ForceRemoveTree(const std::string& path) { return Remove(path, true); }

}  // namespace pycpack
