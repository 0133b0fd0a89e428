// Inputs read from tar and zip archives (ArchiveReader), in memory.
#include <archive.h>
#include <archive_entry.h>

#include <map>
#include <memory>

#include "archive/archive_reader.h"
#include "archive/utf8_locale.h"
#include "util/escape.h"
#include "inspect/input.h"

namespace pycpack::inspect {
namespace {

// A .py or .pyc member larger than this is not read: no source is that big
// (a build refuses sources over 64 MiB), and memory stays bounded.
constexpr uint64_t kMaxMemberSize = 64ull << 20;

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
    case ARCHIVE_FILTER_XZ: return kind + ".xz";
    case ARCHIVE_FILTER_BZIP2: return kind + ".bz2";
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

}  // namespace

Result<std::unique_ptr<Input>> OpenArchiveInput(const std::string& name,
                                                std::string_view bytes) {
  // libarchive converts names through the current locale; UTF-8 names must
  // come out as they are stored.
  ScopedUtf8Locale locale;
  Result<std::unique_ptr<ArchiveReader>> reader =
      ArchiveReader::OpenMemory(bytes, name, ArchiveKind::kAny);
  if (!reader.ok()) return reader.status();
  std::map<std::string, std::string> files;
  for (;;) {
    Result<struct archive_entry*> e = (*reader)->Next();
    if (!e.ok()) return e.status();
    if (*e == nullptr) break;
    std::string stored = MemberName(*e);
    std::string_view path = stored;
    while (path.starts_with("./")) path.remove_prefix(2);
    if (archive_entry_filetype(*e) != AE_IFREG || !Wanted(path)) continue;
    Result<std::string> data = (*reader)->ReadData(kMaxMemberSize);
    if (!data.ok()) {
      return IoError(name + ": cannot read " + EscapeControls(path) + ": " +
                     data.status().message());
    }
    files[std::string(path)] = std::move(data).value();
  }
  return std::unique_ptr<Input>(
      std::make_unique<ArchiveInput>(KindOf((*reader)->handle()), std::move(files)));
}

}  // namespace pycpack::inspect
