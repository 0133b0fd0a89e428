#include "verify/extract.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "archive/utf8_locale.h"
#include "util/paths.h"

namespace pycpack {
namespace {

struct ReadFree {
  void operator()(struct archive* a) const { archive_read_free(a); }
};
struct WriteFree {
  void operator()(struct archive* a) const { archive_write_free(a); }
};

std::string Error(struct archive* a) {
  const char* e = archive_error_string(a);
  return e ? e : "unknown libarchive error";
}

std::string NameOf(struct archive_entry* e) {
  const char* utf8 = archive_entry_pathname_utf8(e);
  const char* name = utf8 ? utf8 : archive_entry_pathname(e);
  return name ? name : "";
}

// True if a ".." in |target| follows a component that is not "..": "a/.."
// means "." only while a is a directory; if a is a symlink (perhaps one
// extracted later) it climbs from wherever a leads.
bool ClimbsAfterDescending(std::string_view target) {
  bool descended = false;
  for (std::string_view part : SplitPath(target)) {
    if (part == "..") {
      if (descended) return true;
    } else if (!part.empty() && part != ".") {
      descended = true;
    }
  }
  return false;
}

// Checks what |e| is and where it points; |name| passed CheckMemberName.
Status CheckEntry(struct archive_entry* e, const std::string& name) {
  if (const char* link = archive_entry_hardlink(e)) {
    Status s = CheckMemberName(link);
    return s.ok() ? s : UnsafeError("hard link to '" + std::string(link) +
                                    "': " + s.message());
  }
  mode_t type = archive_entry_filetype(e);
  if (type == AE_IFLNK) {
    const char* target = archive_entry_symlink(e);
    std::string t = target ? target : "";
    // libarchive drops a trailing "/" or "/.": "l/" is the symlink l.
    const std::string normalized = NormalizePath(name);
    std::string dir(DirName(normalized));
    std::string resolved = NormalizePath(dir.empty() ? t : dir + "/" + t);
    if (t.empty() || t[0] == '/' || resolved == ".." ||
        resolved.rfind("../", 0) == 0) {
      return UnsafeError("symlink to '" + t + "' points outside the artifact");
    }
    if (ClimbsAfterDescending(t)) {
      return UnsafeError("symlink to '" + t +
                         "' has a '..' after another component (through a "
                         "symlink it could lead outside the artifact)");
    }
    return Status::Ok();
  }
  if (type != AE_IFREG && type != AE_IFDIR) {
    return UnsafeError("neither a file, a directory nor a symlink");
  }
  return Status::Ok();
}

Status CopyData(struct archive* in, struct archive* out) {
  const void* buf;
  size_t size;
  la_int64_t offset;
  for (;;) {
    int rc = archive_read_data_block(in, &buf, &size, &offset);
    if (rc == ARCHIVE_EOF) return Status::Ok();
    if (rc != ARCHIVE_OK) return IoError(Error(in));
    if (archive_write_data_block(out, buf, size, offset) != ARCHIVE_OK) {
      return IoError(Error(out));
    }
  }
}

// Writes the entry whose header was just read, below |dest|.
Status WriteEntry(struct archive* in, struct archive* out,
                  struct archive_entry* e, const std::string& dest,
                  const std::string& name) {
  archive_entry_set_pathname(e, (dest + "/" + name).c_str());
  if (const char* link = archive_entry_hardlink(e)) {
    archive_entry_set_hardlink(e, (dest + "/" + link).c_str());
  }
  if (archive_write_header(out, e) != ARCHIVE_OK) return IoError(Error(out));
  if (archive_entry_size(e) > 0) PYCPACK_RETURN_IF_ERROR(CopyData(in, out));
  if (archive_write_finish_entry(out) != ARCHIVE_OK) return IoError(Error(out));
  return Status::Ok();
}

}  // namespace

Status CheckMemberName(std::string_view name) {
  if (name.empty()) return UnsafeError("empty name");
  if (name[0] == '/') return UnsafeError("absolute name");
  for (std::string_view part : SplitPath(name)) {
    if (part == "..") return UnsafeError("name with a '..' component");
  }
  return Status::Ok();
}

Status ExtractArchive(const std::string& archive, const std::string& dest) {
  ScopedUtf8Locale locale;
  std::unique_ptr<struct archive, ReadFree> in(archive_read_new());
  archive_read_support_filter_all(in.get());
  archive_read_support_format_tar(in.get());
  archive_read_support_format_zip(in.get());
  if (archive_read_open_filename(in.get(), archive.c_str(), 1 << 16) !=
      ARCHIVE_OK) {
    return IoError("cannot read '" + archive + "': " + Error(in.get()));
  }
  std::unique_ptr<struct archive, WriteFree> out(archive_write_disk_new());
  archive_write_disk_set_options(out.get(), ARCHIVE_EXTRACT_TIME |
                                                ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                                                ARCHIVE_EXTRACT_SECURE_NODOTDOT);
  struct archive_entry* e = nullptr;
  int rc;
  while ((rc = archive_read_next_header(in.get(), &e)) == ARCHIVE_OK ||
         rc == ARCHIVE_WARN) {
    std::string name = NameOf(e);
    Status s = CheckMemberName(name);
    if (s.ok()) s = CheckEntry(e, name);
    if (s.ok()) s = WriteEntry(in.get(), out.get(), e, dest, name);
    if (!s.ok()) return s.WithContext(archive + ": entry '" + name + "'");
  }
  if (rc != ARCHIVE_EOF) {
    return IoError("cannot read '" + archive + "': " + Error(in.get()));
  }
  if (archive_write_close(out.get()) != ARCHIVE_OK) {
    return IoError("cannot extract '" + archive + "': " + Error(out.get()));
  }
  return Status::Ok();
}

}  // namespace pycpack
