// The zip format, written by pycpack itself (zip_format.h) rather than by
// libarchive: libarchive's zip writer only takes uncompressed data, so a
// rebuild would deflate every entry again, and it cannot choose between
// stored and deflated by the result. Here an entry is deflated at a fixed
// level or stored, whichever is smaller (zip_deflate.h), unchanged entries
// come from the BlobStore, and streamed files are never held whole
// (zip_stream.h). Names are flagged UTF-8 when not ASCII; MS-DOS times are
// computed in UTC; no data descriptors, no extra fields but ZIP64's.
#include <string>

#include "archive/writer_state.h"
#include "archive/writers.h"
#include "archive/zip_deflate.h"
#include "archive/zip_format.h"
#include "archive/zip_stream.h"

namespace pycpack {
namespace {

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

// The staging file behind a write buffer, counting the bytes written (the
// offset of the next record).
class CountingFile : public WritableFile {
 public:
  explicit CountingFile(std::unique_ptr<WritableFile> inner)
      : inner_(std::move(inner)) {
    buffer_.reserve(kBufferSize);
  }

  uint64_t offset() const { return offset_; }

  Status Append(std::string_view data) override {
    offset_ += data.size();
    if (buffer_.size() + data.size() <= kBufferSize) {
      buffer_.append(data);
      return Status::Ok();
    }
    PYCPACK_RETURN_IF_ERROR(Flush());
    if (data.size() >= kBufferSize) return inner_->Append(data);
    buffer_.append(data);
    return Status::Ok();
  }

  Status Close() override {
    PYCPACK_RETURN_IF_ERROR(Flush());
    return inner_->Close();
  }

 private:
  static constexpr size_t kBufferSize = 256u << 10;

  Status Flush() {
    if (buffer_.empty()) return Status::Ok();
    Status st = inner_->Append(buffer_);
    buffer_.clear();
    return st;
  }

  std::unique_ptr<WritableFile> inner_;
  std::string buffer_;
  uint64_t offset_ = 0;
};

class ZipWriter : public ArchiveWriter {
 public:
  ZipWriter(FileSystem* fs, std::string path, const ArchiveOptions& options,
            std::unique_ptr<WritableFile> file)
      : fs_(fs), path_(std::move(path)), blobs_(options.blobs),
        when_(DosTimeFromUnix(options.mtime)), out_(std::move(file)),
        deflater_(options.blobs) {}

  Status Add(const ArchiveEntry& entry) override {
    PYCPACK_RETURN_IF_ERROR(state_.BeginAdd(entry));
    Status st = AddEntry(entry);
    if (!st.ok()) return state_.Fail(st.WithContext("adding " + Quoted(entry.path)));
    return Status::Ok();
  }

  Status Finish() override {
    PYCPACK_RETURN_IF_ERROR(state_.BeginFinish());
    const uint64_t cd_offset = out_.offset();
    Status st = out_.Append(central_);
    if (st.ok()) {
      st = out_.Append(ZipEndRecords(entries_, cd_offset, central_.size()));
    }
    if (!st.ok()) return state_.Fail(st.WithContext("finishing the archive"));
    // The file's own error names it; as the other writers report it.
    PYCPACK_RETURN_IF_ERROR(state_.Fail(out_.Close()));
    state_.MarkFinished();
    return Status::Ok();
  }

 private:
  Status AddEntry(const ArchiveEntry& entry) {
    const bool dir = entry.type == ArchiveEntry::Type::kDirectory;
    ZipEntryInfo info;
    info.name = dir ? entry.path + "/" : entry.path;
    if (info.name.size() > kZip16Limit) {
      return IoError("cannot write " + Quoted(path_) +
                     ": a zip name holds at most 65,535 bytes");
    }
    info.is_dir = dir;
    info.mode = entry.mode;
    info.offset = out_.offset();
    if (dir) return Write(info, {});
    if (entry.stream != nullptr) return AddStreamed(*entry.stream, info);
    Result<ZipPayload> payload = deflater_.Prepare(entry.data);
    if (!payload.ok()) return payload.status();
    info.method = payload->method;
    info.crc32 = payload->crc32;
    info.size = entry.data.size();
    info.compressed_size = payload->data.size();
    return Write(info, payload->data);
  }

  // Writes |info|'s local header, then |data|, and records its central
  // directory header.
  Status Write(const ZipEntryInfo& info, std::string_view data) {
    PYCPACK_RETURN_IF_ERROR(out_.Append(ZipLocalHeader(info, when_)));
    PYCPACK_RETURN_IF_ERROR(out_.Append(data));
    Record(info);
    return Status::Ok();
  }

  // The spool, "<staging path>-spool", exists only during this call.
  Status AddStreamed(const StreamedContent& content, ZipEntryInfo info) {
    ZipSpool spool(fs_, path_ + "-spool");
    size_t deflated = 0, reused = 0;
    Result<ZipStreamPlan> plan =
        PlanStreamedEntry(content, blobs_, &spool, &deflated, &reused);
    if (!plan.ok()) return plan.status();
    info.method = plan->method;
    info.crc32 = plan->crc32;
    info.size = content.size;
    info.compressed_size = plan->compressed_size;
    PYCPACK_RETURN_IF_ERROR(out_.Append(ZipLocalHeader(info, when_)));
    PYCPACK_RETURN_IF_ERROR(CopyStreamedEntry(content, *plan, &spool, &out_));
    Record(info);
    return Status::Ok();
  }

  void Record(const ZipEntryInfo& info) {
    central_ += ZipCentralHeader(info, when_);
    ++entries_;
  }

  FileSystem* fs_;
  std::string path_;
  BlobStore* blobs_;
  DosDateTime when_;
  CountingFile out_;
  ZipDeflater deflater_;
  WriterState state_;
  std::string central_;  // the central directory so far
  uint64_t entries_ = 0;
};

}  // namespace

Result<std::unique_ptr<ArchiveWriter>> NewZipWriter(
    FileSystem* fs, const std::string& path, const ArchiveOptions& options) {
  Result<std::unique_ptr<WritableFile>> file = fs->NewWritableFile(path, 0644);
  if (!file.ok()) return file.status();
  return std::unique_ptr<ArchiveWriter>(
      std::make_unique<ZipWriter>(fs, path, options, std::move(file).value()));
}

}  // namespace pycpack
