#include "archive/libarchive_writer.h"

#include <archive.h>
#include <archive_entry.h>

#include <string_view>

#include "archive/streamed_content.h"
#include "archive/utf8_locale.h"
#include "archive/writer_state.h"

namespace pycpack {
namespace {

struct ArchiveFree {
  void operator()(struct archive* a) const { archive_write_free(a); }
};
struct EntryFree {
  void operator()(struct archive_entry* e) const { archive_entry_free(e); }
};
using EntryPtr = std::unique_ptr<struct archive_entry, EntryFree>;

class LibarchiveWriter : public ArchiveWriter {
 public:
  LibarchiveWriter(std::string path, const ArchiveOptions& options,
                   std::unique_ptr<WritableFile> file)
      : path_(std::move(path)), options_(options), file_(std::move(file)) {}

  // An unfinished archive is dropped: libarchive's closing writes go nowhere.
  ~LibarchiveWriter() override {
    ScopedUtf8Locale locale;
    discard_ = true;
    archive_.reset();
  }

  // Creates the archive, lets |setup| configure it and opens it.
  Status Open(ArchiveSetup setup) {
    ScopedUtf8Locale locale;
    archive_.reset(archive_write_new());
    if (!archive_) return InternalError("cannot create a libarchive writer");
    PYCPACK_RETURN_IF_ERROR(setup(archive_.get()));
    // No padding after the format's own end: the output is a regular file.
    archive_write_set_bytes_in_last_block(archive_.get(), 1);
    if (Broken(archive_write_open(archive_.get(), this, nullptr,
                                  &WriteCallback, nullptr))) {
      return Failure("opening the archive");
    }
    return Status::Ok();
  }

  Status Add(const ArchiveEntry& entry) override {
    PYCPACK_RETURN_IF_ERROR(state_.BeginAdd(entry));
    ScopedUtf8Locale locale;
    const std::string context = "adding '" + entry.path + "'";
    EntryPtr header = MakeHeader(entry);
    if (Broken(archive_write_header(archive_.get(), header.get()))) {
      return Failure(context);
    }
    if (entry.stream) {
      // A file that changed size fails the writer: the header already
      // promised entry.size() bytes.
      Status written;  // WriteData's failure, which has its context
      Status read = ReadStreamed(*entry.stream, [&](std::string_view piece) {
        written = WriteData(piece, context);
        return written;
      });
      if (!written.ok()) return written;
      if (!read.ok()) return state_.Fail(read.WithContext(context));
    } else {
      PYCPACK_RETURN_IF_ERROR(WriteData(entry.data, context));
    }
    if (Broken(archive_write_finish_entry(archive_.get()))) {
      return Failure(context);
    }
    return Status::Ok();
  }

  Status Finish() override {
    PYCPACK_RETURN_IF_ERROR(state_.BeginFinish());
    ScopedUtf8Locale locale;
    if (Broken(archive_write_close(archive_.get()))) {
      return Failure("finishing the archive");
    }
    PYCPACK_RETURN_IF_ERROR(state_.Fail(file_->Close()));
    state_.MarkFinished();
    return Status::Ok();
  }

 private:
  // Passes |data| of the current entry to libarchive.
  Status WriteData(std::string_view data, std::string_view context) {
    while (!data.empty()) {
      la_ssize_t n = archive_write_data(archive_.get(), data.data(), data.size());
      if (n <= 0 || !io_status_.ok()) return Failure(context);
      data.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  EntryPtr MakeHeader(const ArchiveEntry& entry) const {
    EntryPtr header(archive_entry_new());
    const bool dir = entry.type == ArchiveEntry::Type::kDirectory;
    std::string name = entry.path;
    if (dir) name += '/';
    archive_entry_copy_pathname(header.get(), name.c_str());
    archive_entry_set_filetype(header.get(), dir ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(header.get(), static_cast<mode_t>(entry.mode));
    archive_entry_set_size(header.get(),
                           dir ? 0 : static_cast<la_int64_t>(entry.size()));
    archive_entry_set_mtime(header.get(), static_cast<time_t>(options_.mtime), 0);
    archive_entry_set_uid(header.get(), 0);
    archive_entry_set_gid(header.get(), 0);
    return header;
  }

  // True if libarchive's return code |rc| or the file reports a failure.
  bool Broken(int rc) const { return rc != ARCHIVE_OK || !io_status_.ok(); }

  // The writer's failure: the file's own error if there was one (it names
  // the file), else libarchive's message; |context| says what was underway.
  Status Failure(std::string_view context) {
    Status cause = io_status_;
    if (cause.ok()) {
      const char* why = archive_error_string(archive_.get());
      cause = IoError("cannot write '" + path_ + "': " +
                      (why ? why : "libarchive failed without a message"));
    }
    return state_.Fail(cause.WithContext(context));
  }

  // Passes libarchive's output to the file. It never reports a failure to
  // libarchive: libarchive 3.6 leaks compressor state on that path (its
  // zip writer skips deflateEnd, libarchive issue #1740). A failure is kept
  // in io_status_, which the writer checks after every libarchive call, and
  // later output is dropped.
  static la_ssize_t WriteCallback(struct archive*, void* client,
                                  const void* buffer, size_t length) {
    auto* self = static_cast<LibarchiveWriter*>(client);
    if (!self->discard_) {
      Status st = self->file_->Append(
          std::string_view(static_cast<const char*>(buffer), length));
      if (!st.ok()) {
        self->io_status_ = st;
        self->discard_ = true;
      }
    }
    return static_cast<la_ssize_t>(length);
  }

  std::string path_;
  ArchiveOptions options_;
  std::unique_ptr<WritableFile> file_;
  // Declared after file_: the archive may still write while it is freed.
  std::unique_ptr<struct archive, ArchiveFree> archive_;
  WriterState state_;
  Status io_status_;      // the first error file_ reported
  bool discard_ = false;  // drop libarchive's output (failed or abandoned)
};

}  // namespace

Status SetArchiveOptions(struct archive* a, const char* options) {
  if (archive_write_set_options(a, options) != ARCHIVE_OK) {
    const char* why = archive_error_string(a);
    return InternalError(std::string("libarchive refused options '") + options +
                         "': " + (why ? why : "no reason given"));
  }
  return Status::Ok();
}

Result<std::unique_ptr<ArchiveWriter>> NewLibarchiveWriter(
    FileSystem* fs, const std::string& path, const ArchiveOptions& options,
    ArchiveSetup setup) {
  auto file = fs->NewWritableFile(path, 0644);
  if (!file.ok()) return file.status();
  auto writer = std::make_unique<LibarchiveWriter>(path, options,
                                                   std::move(file).value());
  PYCPACK_RETURN_IF_ERROR(writer->Open(setup));
  return std::unique_ptr<ArchiveWriter>(std::move(writer));
}

}  // namespace pycpack
