// The tar formats: pax restricted (ustar headers, plus a pax extended header
// only where ustar cannot hold a value, e.g. names over 100 bytes or
// non-ASCII names), plain, or compressed as a series of gzip members or
// zstd frames (compressed_members.h) with fixed settings.
#include <archive.h>

#include <string>

#include "archive/compressed_members.h"
#include "archive/libarchive_writer.h"
#include "archive/writers.h"
#include "fs/filesystem_wrapper.h"

namespace pycpack {
namespace {

Status SetUpTar(struct archive* a) {
  if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK) {
    return InternalError("libarchive cannot write pax tar files");
  }
  if (archive_write_add_filter_none(a) != ARCHIVE_OK) {
    return InternalError("libarchive cannot write plain tar files");
  }
  return Status::Ok();
}

// A compressed tar is a plain tar, unblocked so that every entry reaches
// the file before Add returns, written through a CompressedMembersFile
// instead of one of libarchive's filters.
Status SetUpUnblockedTar(struct archive* a) {
  PYCPACK_RETURN_IF_ERROR(SetUpTar(a));
  if (archive_write_set_bytes_per_block(a, 0) != ARCHIVE_OK) {
    return InternalError("libarchive cannot write unblocked tar files");
  }
  return Status::Ok();
}

// Hands the staging file to libarchive wrapped in a CompressedMembersFile,
// and remembers that file so the writer can mark entry boundaries.
class MembersFileSystem : public FileSystemWrapper {
 public:
  MembersFileSystem(FileSystem* fs, OutputFormat format, BlobStore* blobs)
      : FileSystemWrapper(fs), format_(format), blobs_(blobs) {}
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& p,
                                                        uint32_t mode) override {
    Result<std::unique_ptr<WritableFile>> f = inner()->NewWritableFile(p, mode);
    if (!f.ok()) return f;
    auto file = std::make_unique<CompressedMembersFile>(
        std::move(f).value(),
        format_ == OutputFormat::kTarZst ? NewZstdCodec() : NewGzipCodec(), blobs_);
    file_ = file.get();
    return std::unique_ptr<WritableFile>(std::move(file));
  }
  CompressedMembersFile* file() const { return file_; }

 private:
  OutputFormat format_;
  BlobStore* blobs_;
  CompressedMembersFile* file_ = nullptr;  // owned by the tar writer
};

class CompressedTarWriter : public ArchiveWriter {
 public:
  CompressedTarWriter(FileSystem* fs, OutputFormat format, BlobStore* blobs)
      : fs_(std::make_unique<MembersFileSystem>(fs, format, blobs)) {}
  Status Open(const std::string& path, const ArchiveOptions& options) {
    Result<std::unique_ptr<ArchiveWriter>> tar =
        NewLibarchiveWriter(fs_.get(), path, options, &SetUpUnblockedTar);
    if (!tar.ok()) return tar.status();
    tar_ = std::move(tar).value();
    if (fs_->file() == nullptr) return InternalError("compressed tar file not opened");
    return Status::Ok();
  }
  Status Add(const ArchiveEntry& entry) override {
    PYCPACK_RETURN_IF_ERROR(tar_->Add(entry));
    return fs_->file()->Boundary(entry.path);
  }
  Status Finish() override { return tar_->Finish(); }

 private:
  std::unique_ptr<MembersFileSystem> fs_;
  std::unique_ptr<ArchiveWriter> tar_;  // destroyed before fs_
};

}  // namespace

Result<std::unique_ptr<ArchiveWriter>> NewTarWriter(
    OutputFormat format, FileSystem* fs, const std::string& path,
    const ArchiveOptions& options) {
  switch (format) {
    case OutputFormat::kTar:
      return NewLibarchiveWriter(fs, path, options, &SetUpTar);
    case OutputFormat::kTarGz:
    case OutputFormat::kTarZst: {
      auto w = std::make_unique<CompressedTarWriter>(fs, format, options.blobs);
      PYCPACK_RETURN_IF_ERROR(w->Open(path, options));
      return std::unique_ptr<ArchiveWriter>(std::move(w));
    }
    default:
      return InternalError("not a tar format");
  }
}

}  // namespace pycpack
