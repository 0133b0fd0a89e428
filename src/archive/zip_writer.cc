// The zip format: deflate at a fixed level, names flagged UTF-8, MS-DOS
// times computed in UTC.
#include <archive.h>

#include <optional>
#include <string>

#include "archive/libarchive_writer.h"
#include "archive/utc_timezone.h"
#include "archive/writers.h"

namespace pycpack {
namespace {

// zlib's default level; part of the output's identity like the tar levels.
constexpr int kZipDeflateLevel = 6;

Status SetUpZip(struct archive* a) {
  if (archive_write_set_format_zip(a) != ARCHIVE_OK) {
    return InternalError("libarchive cannot write zip files");
  }
  // hdrcharset=UTF-8 sets the UTF-8 flag on non-ASCII names whatever the
  // locale says.
  const std::string options = "zip:compression=deflate,zip:compression-level=" +
                              std::to_string(kZipDeflateLevel) +
                              ",zip:hdrcharset=UTF-8";
  return SetArchiveOptions(a, options.c_str());
}

// Holds the time zone at UTC from creation until Finish (or destruction), so
// libarchive's localtime() gives UTC fields for the MS-DOS times whatever TZ
// the process has; TZ is restored afterwards.
class ZipWriter : public ArchiveWriter {
 public:
  ZipWriter() { utc_.emplace(); }

  Status Open(FileSystem* fs, const std::string& path,
              const ArchiveOptions& options) {
    auto inner = NewLibarchiveWriter(fs, path, options, &SetUpZip);
    if (!inner.ok()) return inner.status();
    inner_ = std::move(inner).value();
    return Status::Ok();
  }

  Status Add(const ArchiveEntry& entry) override { return inner_->Add(entry); }

  Status Finish() override {
    Status st = inner_->Finish();
    if (st.ok()) utc_.reset();
    return st;
  }

 private:
  std::optional<ScopedUtcTimezone> utc_;  // outlives inner_
  std::unique_ptr<ArchiveWriter> inner_;
};

}  // namespace

Result<std::unique_ptr<ArchiveWriter>> NewZipWriter(
    FileSystem* fs, const std::string& path, const ArchiveOptions& options) {
  auto writer = std::make_unique<ZipWriter>();
  PYCPACK_RETURN_IF_ERROR(writer->Open(fs, path, options));
  return std::unique_ptr<ArchiveWriter>(std::move(writer));
}

}  // namespace pycpack
