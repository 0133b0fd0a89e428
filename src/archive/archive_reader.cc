#include "archive/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "fs/fs_errors.h"

namespace pycpack {
namespace {

bool LooksLikeZip(std::string_view head) {
  return head.starts_with(std::string_view("PK\x03\x04", 4)) ||
         head.starts_with(std::string_view("PK\x05\x06", 4));  // an empty zip
}

// Enables what a tar may be compressed with. libarchive answers ARCHIVE_WARN
// when it lacks the library and would run an external program instead:
// that is refused.
Status EnableTarFilters(struct archive* a) {
  struct Filter {
    const char* name;
    int (*enable)(struct archive*);
  };
  const Filter filters[] = {{"gzip", archive_read_support_filter_gzip},
                            {"zstd", archive_read_support_filter_zstd},
                            {"xz", archive_read_support_filter_xz},
                            {"bzip2", archive_read_support_filter_bzip2}};
  for (const Filter& f : filters) {
    if (f.enable(a) != ARCHIVE_OK) {
      return InternalError(std::string("this libarchive has no built-in ") + f.name +
                           " support");
    }
  }
  return Status::Ok();
}

std::string ErrorOf(struct archive* a) {
  const char* e = archive_error_string(a);
  return e ? e : "unknown libarchive error";
}

// Reads the first bytes of |path| to tell a zip from a tar.
Result<std::string> Head(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus("read", path, errno);
  if (S_ISDIR(st.st_mode)) return ErrnoStatus("read", path, EISDIR);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("read", path, errno);
  char buf[4];
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  return std::string(buf, n > 0 ? static_cast<size_t>(n) : 0);
}

}  // namespace

std::string MemberName(struct archive_entry* e) {
  const char* utf8 = archive_entry_pathname_utf8(e);
  const char* name = utf8 ? utf8 : archive_entry_pathname(e);
  return name ? name : "";
}

ArchiveReader::~ArchiveReader() { archive_read_free(a_); }

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::Open(const std::string& name,
                                                           std::string_view head,
                                                           ArchiveKind kind) {
  const bool zip = kind == ArchiveKind::kZip || LooksLikeZip(head);
  std::unique_ptr<ArchiveReader> r(new ArchiveReader(archive_read_new(), name));
  if (zip) {
    archive_read_support_format_zip_seekable(r->a_);
  } else {
    Status filters = EnableTarFilters(r->a_);
    if (!filters.ok()) return IoError("cannot read '" + name + "': " + filters.message());
    archive_read_support_format_tar(r->a_);
  }
  return r;
}

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::OpenFile(const std::string& path,
                                                               ArchiveKind kind) {
  Result<std::string> head = Head(path);
  if (!head.ok()) return head.status();
  Result<std::unique_ptr<ArchiveReader>> r = Open(path, *head, kind);
  if (!r.ok()) return r.status();
  if (archive_read_open_filename((*r)->a_, path.c_str(), 1 << 16) != ARCHIVE_OK) {
    return (*r)->ReadError(kind == ArchiveKind::kZip ? "not a zip archive, or a truncated one"
                                                     : "not a tar or zip archive");
  }
  return r;
}

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::OpenMemory(std::string_view bytes,
                                                                 const std::string& name,
                                                                 ArchiveKind kind) {
  Result<std::unique_ptr<ArchiveReader>> r = Open(name, bytes.substr(0, 4), kind);
  if (!r.ok()) return r.status();
  if (archive_read_open_memory((*r)->a_, bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return (*r)->ReadError(kind == ArchiveKind::kZip ? "not a zip archive, or a truncated one"
                                                     : "not a tar or zip archive");
  }
  return r;
}

Status ArchiveReader::ReadError(const std::string& what) const {
  return IoError("cannot read '" + name_ + "': " + what + " (" + ErrorOf(a_) + ")");
}

Result<struct archive_entry*> ArchiveReader::Next() {
  struct archive_entry* e = nullptr;
  int rc = archive_read_next_header(a_, &e);
  if (rc == ARCHIVE_OK || rc == ARCHIVE_WARN) return e;
  if (rc == ARCHIVE_EOF) return static_cast<struct archive_entry*>(nullptr);
  return IoError("cannot read '" + name_ + "': " + ErrorOf(a_));
}

Result<std::string> ArchiveReader::ReadData(uint64_t limit) {
  std::string out;
  char buf[65536];
  for (;;) {
    la_ssize_t n = archive_read_data(a_, buf, sizeof buf);
    if (n == 0) return out;
    if (n < 0) return IoError("cannot read '" + name_ + "': " + ErrorOf(a_));
    if (out.size() + static_cast<uint64_t>(n) > limit) {
      return IoError("a member is larger than " + std::to_string(limit) + " bytes");
    }
    out.append(buf, static_cast<size_t>(n));
  }
}

std::string ArchiveReader::FormatName() const {
  const int f = archive_format(a_) & ARCHIVE_FORMAT_BASE_MASK;
  if (f == ARCHIVE_FORMAT_ZIP) return "zip";
  if (f == ARCHIVE_FORMAT_TAR) return "tar";
  const char* n = archive_format_name(a_);
  return n ? n : "unknown";
}

}  // namespace pycpack
