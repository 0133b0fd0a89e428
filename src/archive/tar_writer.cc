// The tar formats: pax restricted (ustar headers, plus a pax extended header
// only where ustar cannot hold a value, e.g. names over 100 bytes or
// non-ASCII names), optionally compressed with fixed settings: zstd through
// libarchive, gzip as members of fixed size (gzip_members.h).
#include <archive.h>

#include <string>

#include "archive/gzip_members.h"
#include "archive/libarchive_writer.h"
#include "archive/writers.h"
#include "fs/filesystem_wrapper.h"

namespace pycpack {
namespace {

// The compression levels are part of the output's identity: changing one
// changes the bytes of every artifact of that format.
// zstd level 3, zstd's default. On the tar of CPython 3.11's stdlib with its
// tests (sources + pycs, 88 MB) it is already 19 % smaller than gzip -6;
// level 9 saves about 15 % more for 4x the time, which would make
// compression, not compiling, the slowest part of a tar.zst build.
constexpr int kZstdLevel = 3;

Status SetPax(struct archive* a) {
  if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK) {
    return InternalError("libarchive cannot write pax tar files");
  }
  return Status::Ok();
}

Status SetUpTar(struct archive* a) {
  PYCPACK_RETURN_IF_ERROR(SetPax(a));
  if (archive_write_add_filter_none(a) != ARCHIVE_OK) {
    return InternalError("libarchive cannot write plain tar files");
  }
  return Status::Ok();
}

// tar.gz is a plain tar, unblocked so that every entry reaches the file
// before Add returns, written through a GzipMembersFile (gzip_members.h)
// instead of libarchive's zlib filter.
Status SetUpUnblockedTar(struct archive* a) {
  PYCPACK_RETURN_IF_ERROR(SetUpTar(a));
  if (archive_write_set_bytes_per_block(a, 0) != ARCHIVE_OK) {
    return InternalError("libarchive cannot write unblocked tar files");
  }
  return Status::Ok();
}

// Hands the staging file to libarchive wrapped in a GzipMembersFile, and
// remembers that file so the writer can mark entry boundaries.
class GzipFileSystem : public FileSystemWrapper {
 public:
  GzipFileSystem(FileSystem* fs, BlobStore* blobs)
      : FileSystemWrapper(fs), blobs_(blobs) {}
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& p,
                                                        uint32_t mode) override {
    Result<std::unique_ptr<WritableFile>> f = inner()->NewWritableFile(p, mode);
    if (!f.ok()) return f;
    auto gz = std::make_unique<GzipMembersFile>(std::move(f).value(), blobs_);
    file_ = gz.get();
    return std::unique_ptr<WritableFile>(std::move(gz));
  }
  GzipMembersFile* file() const { return file_; }

 private:
  BlobStore* blobs_;
  GzipMembersFile* file_ = nullptr;  // owned by the tar writer
};

class TarGzWriter : public ArchiveWriter {
 public:
  TarGzWriter(FileSystem* fs, BlobStore* blobs)
      : fs_(std::make_unique<GzipFileSystem>(fs, blobs)) {}
  Status Open(const std::string& path, const ArchiveOptions& options) {
    Result<std::unique_ptr<ArchiveWriter>> tar =
        NewLibarchiveWriter(fs_.get(), path, options, &SetUpUnblockedTar);
    if (!tar.ok()) return tar.status();
    tar_ = std::move(tar).value();
    if (fs_->file() == nullptr) return InternalError("tar.gz file not opened");
    return Status::Ok();
  }
  Status Add(const ArchiveEntry& entry) override {
    PYCPACK_RETURN_IF_ERROR(tar_->Add(entry));
    return fs_->file()->Boundary(entry.path);
  }
  Status Finish() override { return tar_->Finish(); }

 private:
  std::unique_ptr<GzipFileSystem> fs_;
  std::unique_ptr<ArchiveWriter> tar_;  // destroyed before fs_
};

Status SetUpTarZst(struct archive* a) {
  PYCPACK_RETURN_IF_ERROR(SetPax(a));
  if (archive_write_add_filter_zstd(a) != ARCHIVE_OK) {
    return InternalError("libarchive cannot write zstd");
  }
  const std::string options =
      "zstd:compression-level=" + std::to_string(kZstdLevel);
  return SetArchiveOptions(a, options.c_str());
}

}  // namespace

Result<std::unique_ptr<ArchiveWriter>> NewTarWriter(
    OutputFormat format, FileSystem* fs, const std::string& path,
    const ArchiveOptions& options) {
  switch (format) {
    case OutputFormat::kTar:
      return NewLibarchiveWriter(fs, path, options, &SetUpTar);
    case OutputFormat::kTarGz: {
      auto w = std::make_unique<TarGzWriter>(fs, options.blobs);
      PYCPACK_RETURN_IF_ERROR(w->Open(path, options));
      return std::unique_ptr<ArchiveWriter>(std::move(w));
    }
    case OutputFormat::kTarZst:
      return NewLibarchiveWriter(fs, path, options, &SetUpTarZst);
    default:
      return InternalError("not a tar format");
  }
}

}  // namespace pycpack
