#include "verify/tree.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <vector>

#include "fs/fs_errors.h"

namespace pycpack {
namespace {

namespace stdfs = std::filesystem;

// Every path below |root| (parents before children) with its lstat.
Status Walk(const std::string& root,
            std::vector<std::pair<std::string, struct stat>>* out) {
  std::error_code ec;
  stdfs::recursive_directory_iterator it(root, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string path = it->path().string();
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) return ErrnoStatus("stat", path, errno);
    out->emplace_back(std::move(path), st);
  }
  if (ec) return ErrnoStatus("list", root, ec.value());
  return Status::Ok();
}

Status CopyFile(const std::string& from, const std::string& to,
                const struct stat& st) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (in < 0) return ErrnoStatus("read", from, errno);
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                   st.st_mode & 0777);
  if (out < 0) {
    int err = errno;
    ::close(in);
    return ErrnoStatus("create", to, err);
  }
  Status status;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) status = ErrnoStatus("read", from, errno);
    if (n <= 0) break;
    if (::write(out, buf, static_cast<size_t>(n)) != n) {
      status = ErrnoStatus("write", to, errno);
      break;
    }
  }
  if (status.ok() && ::fchmod(out, st.st_mode & 0777) != 0) {
    status = ErrnoStatus("set the mode of", to, errno);
  }
  ::close(in);
  if (::close(out) != 0 && status.ok()) status = ErrnoStatus("write", to, errno);
  return status;
}

Status SetTimes(const std::string& path, const struct stat& st) {
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  if (::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
    return ErrnoStatus("set the modification time of", path, errno);
  }
  return Status::Ok();
}

char TypeOf(mode_t mode) {
  if (S_ISREG(mode)) return 'f';
  if (S_ISDIR(mode)) return 'd';
  if (S_ISLNK(mode)) return 'l';
  return '?';
}

}  // namespace

Status CopyTree(const std::string& from, const std::string& to) {
  std::vector<std::pair<std::string, struct stat>> entries;
  PYCPACK_RETURN_IF_ERROR(Walk(from, &entries));
  if (::mkdir(to.c_str(), 0755) != 0) {
    return ErrnoStatus("create directory", to, errno);
  }
  for (const auto& [path, st] : entries) {
    std::string dest = to + path.substr(from.size());
    if (S_ISDIR(st.st_mode)) {
      if (::mkdir(dest.c_str(), 0755) != 0) {
        return ErrnoStatus("create directory", dest, errno);
      }
    } else if (S_ISREG(st.st_mode)) {
      PYCPACK_RETURN_IF_ERROR(CopyFile(path, dest, st));
    } else if (S_ISLNK(st.st_mode)) {
      std::error_code ec;
      stdfs::copy_symlink(path, dest, ec);
      if (ec) return ErrnoStatus("copy symlink", path, ec.value());
    } else {
      return IoError("cannot copy '" + path + "': not a file or directory");
    }
  }
  // Directory times last: creating their entries changed them.
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    std::string dest = to + it->first.substr(from.size());
    PYCPACK_RETURN_IF_ERROR(SetTimes(dest, it->second));
  }
  return Status::Ok();
}

Status SetTreeWritable(const std::string& root, bool writable) {
  std::vector<std::pair<std::string, struct stat>> entries;
  struct stat st;
  if (::lstat(root.c_str(), &st) != 0) return ErrnoStatus("stat", root, errno);
  // Making writable: parents first, so that their content can be listed
  // and changed; read-only: the root last.
  if (writable) entries.emplace_back(root, st);
  PYCPACK_RETURN_IF_ERROR(Walk(root, &entries));
  if (!writable) entries.emplace_back(root, st);
  for (const auto& [path, st] : entries) {
    if (S_ISLNK(st.st_mode)) continue;
    mode_t mode = writable ? (st.st_mode | S_IWUSR) : (st.st_mode & ~0222);
    if (::chmod(path.c_str(), mode & 07777) != 0) {
      return ErrnoStatus("set the mode of", path, errno);
    }
  }
  return Status::Ok();
}

Result<TreeListing> ListTree(const std::string& root) {
  std::vector<std::pair<std::string, struct stat>> entries;
  PYCPACK_RETURN_IF_ERROR(Walk(root, &entries));
  TreeListing listing;
  for (const auto& [path, st] : entries) {
    TreeEntry e;
    e.type = TypeOf(st.st_mode);
    e.size = e.type == 'd' ? 0 : static_cast<uint64_t>(st.st_size);
    e.mtime_ns = e.type == 'd' ? 0
                               : static_cast<int64_t>(st.st_mtim.tv_sec) *
                                         1000000000 + st.st_mtim.tv_nsec;
    listing[path.substr(root.size() + 1)] = e;
  }
  return listing;
}

std::vector<TreeChange> TreeChanges(const TreeListing& before,
                                    const TreeListing& after) {
  std::vector<TreeChange> changes;
  for (const auto& [path, entry] : after) {
    auto it = before.find(path);
    if (it == before.end()) {
      changes.push_back({path, "added"});
    } else if (!(it->second == entry)) {
      changes.push_back({path, "changed"});
    }
  }
  for (const auto& [path, entry] : before) {
    if (!after.count(path)) changes.push_back({path, "removed"});
  }
  return changes;
}

}  // namespace pycpack
