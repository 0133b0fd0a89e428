// Inputs read from tar and zip archives with libarchive, in memory.
#include <archive.h>
#include <archive_entry.h>

#include <map>
#include <memory>

#include "archive/utf8_locale.h"
#include "inspect/input.h"

namespace pycpack::inspect {
namespace {

struct ReadFree {
  void operator()(struct archive* a) const { archive_read_free(a); }
};

bool Wanted(std::string_view name) {
  return name.ends_with(".py") || name.ends_with(".pyc");
}

// "tar", "tar.gz", "zip"... from what libarchive detected.
std::string KindOf(struct archive* a) {
  std::string kind =
      (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP ? "zip" : "tar";
  switch (archive_filter_code(a, 0)) {
    case ARCHIVE_FILTER_GZIP: return kind + ".gz";
    case ARCHIVE_FILTER_ZSTD: return kind + ".zst";
    default: return kind;
  }
}

class ArchiveInput : public Input {
 public:
  ArchiveInput(std::string kind, std::map<std::string, std::string> files)
      : kind_(std::move(kind)), files_(std::move(files)) {
    for (const auto& [path, bytes] : files_) {
      if (path.ends_with(".pyc")) pycs_.push_back(path);
    }
  }

  std::string kind() const override { return kind_; }
  const std::vector<std::string>& pycs() const override { return pycs_; }

  Result<std::string> Read(const std::string& path) override {
    auto it = files_.find(path);
    if (it == files_.end()) return IoError(path + ": not in the archive");
    return it->second;
  }

  Result<std::optional<std::string>> ReadIfPresent(const std::string& path) override {
    auto it = files_.find(path);
    if (it == files_.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }

 private:
  std::string kind_;
  std::map<std::string, std::string> files_;  // path -> content
  std::vector<std::string> pycs_;
};

Status ReadData(struct archive* a, std::string* out) {
  char buf[16384];
  la_ssize_t n;
  while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
    out->append(buf, static_cast<size_t>(n));
  }
  if (n < 0) {
    const char* why = archive_error_string(a);
    return IoError(why ? why : "read error");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Input>> OpenArchiveInput(const std::string& name,
                                                std::string_view bytes) {
  // libarchive converts names through the current locale; UTF-8 names must
  // come out as they are stored.
  ScopedUtf8Locale locale;
  std::unique_ptr<struct archive, ReadFree> a(archive_read_new());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_zip(a.get());
  auto fail = [&](const std::string& what) {
    const char* why = archive_error_string(a.get());
    return IoError(name + ": " + what + (why ? std::string(": ") + why : ""));
  };
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return fail("not a tar or zip archive");
  }
  std::map<std::string, std::string> files;
  struct archive_entry* e = nullptr;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK) {
    const char* utf8 = archive_entry_pathname_utf8(e);
    const char* raw = utf8 ? utf8 : archive_entry_pathname(e);
    std::string_view path = raw ? raw : "";
    while (path.starts_with("./")) path.remove_prefix(2);
    if (archive_entry_filetype(e) != AE_IFREG || !Wanted(path)) continue;
    std::string data;
    if (Status s = ReadData(a.get(), &data); !s.ok()) {
      return IoError(name + ": cannot read " + std::string(path) + ": " + s.message());
    }
    files[std::string(path)] = std::move(data);
  }
  if (rc != ARCHIVE_EOF) return fail("cannot read archive");
  return std::unique_ptr<Input>(std::make_unique<ArchiveInput>(KindOf(a.get()), std::move(files)));
}

}  // namespace pycpack::inspect
