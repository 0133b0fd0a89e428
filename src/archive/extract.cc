#include "archive/extract.h"

#include <archive.h>
#include <archive_entry.h>

#include <functional>
#include <memory>

#include "archive/utf8_locale.h"
#include "util/paths.h"

namespace pycpack {
namespace {

struct WriteFree {
  void operator()(struct archive* a) const { archive_write_free(a); }
};

std::string Error(struct archive* a) {
  const char* e = archive_error_string(a);
  return e ? e : "unknown libarchive error";
}

FileType TypeOf(struct archive_entry* e) {
  if (archive_entry_hardlink(e)) return FileType::kOther;
  switch (archive_entry_filetype(e)) {
    case AE_IFREG: return FileType::kRegular;
    case AE_IFDIR: return FileType::kDirectory;
    case AE_IFLNK: return FileType::kSymlink;
    default: return FileType::kOther;
  }
}

// Checks what |e| is and where it points; |name| passed CheckMemberName.
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

// Writes the entry whose header was just read, below |dest| as |name|.
Status WriteEntry(struct archive* in, struct archive* out,
                  struct archive_entry* e, const std::string& dest,
                  const std::string& name, bool normalize_modes) {
  archive_entry_set_pathname(e, (dest + "/" + name).c_str());
  if (normalize_modes) {
    bool exec = archive_entry_filetype(e) == AE_IFDIR ||
                (archive_entry_perm(e) & 0111) != 0;
    archive_entry_set_perm(e, exec ? 0755 : 0644);
  }
  if (const char* link = archive_entry_hardlink(e)) {
    archive_entry_set_hardlink(e, (dest + "/" + link).c_str());
  }
  if (archive_write_header(out, e) != ARCHIVE_OK) return IoError(Error(out));
  if (archive_entry_size(e) > 0) PYCPACK_RETURN_IF_ERROR(CopyData(in, out));
  if (archive_write_finish_entry(out) != ARCHIVE_OK) return IoError(Error(out));
  return Status::Ok();
}

// Checks the member |name| whose header is |e| and decides where it goes
// below the destination: |*placed| is its name there, "" to skip it.
Status Admit(struct archive_entry* e, const std::string& name,
             const ExtractOptions& options, std::string* placed) {
  PYCPACK_RETURN_IF_ERROR(CheckMemberName(name));
  *placed = name;
  if (options.place) {
    PYCPACK_RETURN_IF_ERROR(options.place(placed));
    if (placed->empty()) return Status::Ok();
    PYCPACK_RETURN_IF_ERROR(CheckMemberName(*placed));
  }
  return CheckEntry(e, *placed);
}

// Opens |archive| and calls |visit| with each member's header, in archive
// order, until it returns an error.
Status ForEachMember(
    const std::string& archive, ArchiveKind kind,
    const std::function<Status(struct archive*, struct archive_entry*)>&
        visit) {
  Result<std::unique_ptr<ArchiveReader>> in = ArchiveReader::OpenFile(archive, kind);
  if (!in.ok()) return in.status();
  for (;;) {
    Result<struct archive_entry*> e = (*in)->Next();
    if (!e.ok()) return e.status();
    if (*e == nullptr) return Status::Ok();
    PYCPACK_RETURN_IF_ERROR(visit((*in)->handle(), *e));
  }
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

Result<std::vector<ArchiveMember>> ListArchiveMembers(
    const std::string& archive, ArchiveKind kind) {
  ScopedUtf8Locale locale;
  std::vector<ArchiveMember> members;
  PYCPACK_RETURN_IF_ERROR(ForEachMember(
      archive, kind, [&](struct archive*, struct archive_entry* e) {
        members.push_back({MemberName(e), TypeOf(e),
                           archive_entry_size_is_set(e) && archive_entry_size(e) > 0
                               ? static_cast<uint64_t>(archive_entry_size(e))
                               : 0});
        return Status::Ok();
      }));
  return members;
}

Status ExtractArchive(const std::string& archive, const std::string& dest,
                      const ExtractOptions& options) {
  ScopedUtf8Locale locale;
  std::unique_ptr<struct archive, WriteFree> out(archive_write_disk_new());
  archive_write_disk_set_options(
      out.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                     ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                     (options.normalize_modes ? ARCHIVE_EXTRACT_PERM : 0));
  PYCPACK_RETURN_IF_ERROR(ForEachMember(
      archive, options.kind, [&](struct archive* in, struct archive_entry* e) {
        std::string name = MemberName(e);
        std::string placed;
        Status s = Admit(e, name, options, &placed);
        if (s.ok() && !placed.empty()) {
          s = WriteEntry(in, out.get(), e, dest, placed,
                         options.normalize_modes);
        }
        return s.WithContext(archive + ": entry '" + name + "'");
      }));
  if (archive_write_close(out.get()) != ARCHIVE_OK) {
    return IoError("cannot extract '" + archive + "': " + Error(out.get()));
  }
  return Status::Ok();
}

}  // namespace pycpack
