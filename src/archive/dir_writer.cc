// The kDir writer: the entries become a directory tree on the FileSystem.
#include <vector>

#include "archive/streamed_content.h"
#include "archive/writer_state.h"
#include "archive/writers.h"

namespace pycpack {
namespace {

// Creates each entry as it is added (files with their mode and mtime);
// Finish sets the directories' mtimes, deepest first and the root last, since
// creating an entry changes its parent's mtime.
class DirWriter : public ArchiveWriter {
 public:
  DirWriter(FileSystem* fs, std::string root, const ArchiveOptions& options)
      : fs_(fs), root_(std::move(root)), options_(options) {}

  Status Add(const ArchiveEntry& entry) override {
    PYCPACK_RETURN_IF_ERROR(state_.BeginAdd(entry));
    const std::string path = root_ + "/" + entry.path;
    if (entry.type == ArchiveEntry::Type::kDirectory) {
      dirs_.push_back(path);
      return state_.Fail(fs_->MakeDir(path, entry.mode));
    }
    return state_.Fail(WriteFile(path, entry));
  }

  Status Finish() override {
    PYCPACK_RETURN_IF_ERROR(state_.BeginFinish());
    // Entries come in bytewise order, where a directory precedes everything
    // below it: reversed, children come before their parents.
    for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) {
      PYCPACK_RETURN_IF_ERROR(state_.Fail(fs_->SetMtime(*it, options_.mtime)));
    }
    PYCPACK_RETURN_IF_ERROR(state_.Fail(fs_->SetMtime(root_, options_.mtime)));
    state_.MarkFinished();
    return Status::Ok();
  }

 private:
  Status WriteFile(const std::string& path, const ArchiveEntry& entry) {
    auto file = fs_->NewWritableFile(path, entry.mode);
    if (!file.ok()) return file.status();
    if (entry.stream) {
      WritableFile* out = file->get();
      PYCPACK_RETURN_IF_ERROR(ReadStreamed(
          *entry.stream, [out](std::string_view piece) { return out->Append(piece); }));
    } else {
      PYCPACK_RETURN_IF_ERROR((*file)->Append(entry.data));
    }
    PYCPACK_RETURN_IF_ERROR((*file)->Close());
    return fs_->SetMtime(path, options_.mtime);
  }

  FileSystem* fs_;
  std::string root_;
  ArchiveOptions options_;
  WriterState state_;
  std::vector<std::string> dirs_;  // created directories, in entry order
};

}  // namespace

Result<std::unique_ptr<ArchiveWriter>> NewDirWriter(
    FileSystem* fs, const std::string& path, const ArchiveOptions& options) {
  PYCPACK_RETURN_IF_ERROR(fs->MakeDir(path, 0755));
  return std::unique_ptr<ArchiveWriter>(
      std::make_unique<DirWriter>(fs, path, options));
}

}  // namespace pycpack
