#include "build/streamed_files.h"

#include "archive/streamed_content.h"
#include "plan/dist_info.h"
#include "util/sha256.h"

namespace pycpack {

StreamedFiles::StreamedFiles(const Plan& plan, FileSystem* fs, uint64_t threshold)
    : plan_(plan), fs_(fs), streamed_(plan.files.size(), false),
      content_(plan.files.size()), hash_(plan.files.size()) {
  std::vector<bool> compiled(plan.files.size(), false);
  for (const CompileJob& job : plan.jobs) compiled[job.file] = true;
  for (size_t f = 0; f < plan.files.size(); ++f) {
    streamed_[f] = !compiled[f] && plan.files[f].size >= threshold;
  }
}

Result<const StreamedContent*> StreamedFiles::Content(size_t file) {
  if (!streamed_[file]) {
    return InternalError("'" + plan_.files[file].disk_path + "' is not streamed");
  }
  if (!content_[file]) {
    const std::string& path = plan_.files[file].disk_path;
    Result<FileInfo> info = fs_->Stat(path);
    if (!info.ok()) return info.status();
    content_[file] = std::make_unique<StreamedContent>(StreamedContent{fs_, path, info->size});
  }
  return content_[file].get();
}

Result<std::string> StreamedFiles::RecordRow(std::string_view path, size_t file) {
  Result<const StreamedContent*> content = Content(file);
  if (!content.ok()) return content.status();
  if (hash_[file].empty()) {
    Sha256 sha;
    PYCPACK_RETURN_IF_ERROR(ReadStreamed(**content, [&sha](std::string_view piece) {
      sha.Update(piece);
      return Status::Ok();
    }));
    hash_[file] = "sha256=" + UrlsafeBase64NoPad(sha.Digest());
  }
  return RecordRowOfHash(path, hash_[file], (*content)->size);
}

void StreamedFiles::Release(size_t file) {
  content_[file].reset();
  hash_[file].clear();
}

}  // namespace pycpack
