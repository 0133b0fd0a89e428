#include "read_back.h"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <memory>

namespace pycpack {
namespace {

struct ReadFree {
  void operator()(struct archive* a) const { archive_read_free(a); }
};

ReadEntry Describe(struct archive_entry* e) {
  ReadEntry r;
  const char* utf8 = archive_entry_pathname_utf8(e);
  const char* name = utf8 ? utf8 : archive_entry_pathname(e);
  r.name = name ? name : "";
  r.is_dir = archive_entry_filetype(e) == AE_IFDIR;
  r.is_file = archive_entry_filetype(e) == AE_IFREG;
  r.perm = archive_entry_perm(e);
  r.uid = archive_entry_uid(e);
  r.gid = archive_entry_gid(e);
  r.uname = archive_entry_uname(e) ? archive_entry_uname(e) : "";
  r.gname = archive_entry_gname(e) ? archive_entry_gname(e) : "";
  r.mtime = archive_entry_mtime(e);
  r.mtime_nsec = archive_entry_mtime_nsec(e);
  r.atime_set = archive_entry_atime_is_set(e);
  r.ctime_set = archive_entry_ctime_is_set(e);
  r.atime = archive_entry_atime(e);
  r.ctime = archive_entry_ctime(e);
  r.birthtime_set = archive_entry_birthtime_is_set(e);
  r.xattrs = archive_entry_xattr_count(e);
  r.acls = archive_entry_acl_count(e, ARCHIVE_ENTRY_ACL_TYPE_ACCESS |
                                         ARCHIVE_ENTRY_ACL_TYPE_DEFAULT);
  return r;
}

// Reads in C.UTF-8, whatever the process's locale: libarchive's reader
// refuses UTF-8 names it cannot convert to the current locale.
class ReadLocale {
 public:
  ReadLocale() {
    static const locale_t utf8 =
        newlocale(LC_ALL_MASK, "C.UTF-8", static_cast<locale_t>(0));
    if (utf8 != static_cast<locale_t>(0)) previous_ = uselocale(utf8);
  }
  ~ReadLocale() {
    if (previous_ != static_cast<locale_t>(0)) uselocale(previous_);
  }

 private:
  locale_t previous_ = static_cast<locale_t>(0);
};

}  // namespace

Result<std::vector<ReadEntry>> ReadArchive(const std::string& bytes) {
  ReadLocale locale;
  std::unique_ptr<struct archive, ReadFree> a(archive_read_new());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) !=
      ARCHIVE_OK) {
    return InternalError(std::string("cannot open archive: ") +
                         archive_error_string(a.get()));
  }
  std::vector<ReadEntry> entries;
  struct archive_entry* e = nullptr;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK) {
    ReadEntry r = Describe(e);
    char buf[8192];
    la_ssize_t n;
    while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0) {
      r.data.append(buf, static_cast<size_t>(n));
    }
    if (n < 0) {
      return InternalError(std::string("cannot read entry data: ") +
                           archive_error_string(a.get()));
    }
    entries.push_back(std::move(r));
  }
  if (rc != ARCHIVE_EOF) {
    return InternalError(std::string("cannot read archive: ") +
                         archive_error_string(a.get()));
  }
  return entries;
}

}  // namespace pycpack
