#include "archive/streamed_content.h"

#include <algorithm>
#include <memory>
#include <string>

namespace pycpack {
namespace {

Status ChangedSize(const StreamedContent& content, std::string_view found) {
  return IoError("cannot read '" + content.path + "': it changed during the build (" +
                 std::to_string(content.size) + " bytes expected, " + std::string(found) +
                 ")");
}

}  // namespace

Status ReadStreamed(const StreamedContent& content,
                    const std::function<Status(std::string_view)>& sink) {
  if (content.fs == nullptr) {
    return InternalError("streamed '" + content.path + "' has no file system");
  }
  Result<std::unique_ptr<SequentialFile>> file = content.fs->NewSequentialFile(content.path);
  if (!file.ok()) return file.status();
  auto scratch = std::make_unique<char[]>(kStreamPiece);
  uint64_t done = 0;
  while (done < content.size) {
    const size_t want =
        static_cast<size_t>(std::min<uint64_t>(kStreamPiece, content.size - done));
    Result<std::string_view> piece = (*file)->Read(want, scratch.get());
    if (!piece.ok()) return piece.status();
    if (piece->empty()) return ChangedSize(content, std::to_string(done) + " found");
    done += piece->size();
    PYCPACK_RETURN_IF_ERROR(sink(*piece));
  }
  // One byte more than the size: the file grew.
  Result<std::string_view> extra = (*file)->Read(1, scratch.get());
  if (!extra.ok()) return extra.status();
  if (!extra->empty()) return ChangedSize(content, "more found");
  return Status::Ok();
}

}  // namespace pycpack
