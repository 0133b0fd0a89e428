#include "archive/writer_state.h"

#include "util/paths.h"

namespace pycpack {
namespace {

// Why |path| is not a valid ArchiveEntry path, or "" if it is; sets
// |*escapes| when the path could leave the artifact's root.
std::string PathProblem(std::string_view path, bool* escapes) {
  *escapes = false;
  if (path.empty()) return "empty path";
  if (path.front() == '/') {
    *escapes = true;
    return "absolute path";
  }
  if (path.back() == '/') return "trailing '/'";
  if (path.find('\0') != std::string_view::npos) return "NUL byte in path";
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    if (part == "..") {
      *escapes = true;
      return "'..' component";
    }
    if (part.empty()) return "empty component";
    if (part == ".") return "'.' component";
    i = j + 1;
  }
  return "";
}

std::string Quoted(std::string_view path) {
  return "'" + std::string(path) + "'";
}

}  // namespace

Status WriterState::CheckEntry(const ArchiveEntry& entry) const {
  bool escapes = false;
  std::string problem = PathProblem(entry.path, &escapes);
  if (!problem.empty()) {
    std::string msg = "invalid archive entry " + Quoted(entry.path) + ": " + problem;
    return escapes ? UnsafeError(std::move(msg)) : InternalError(std::move(msg));
  }
  if (any_ && !ArtifactOrderLess(last_path_, entry.path)) {
    return InternalError("archive entry " + Quoted(entry.path) +
                         " added after " + Quoted(last_path_) +
                         ": entries must be in strictly increasing order "
                         "(bytewise, .dist-info last)");
  }
  std::string parent(DirName(entry.path));
  if (!parent.empty() && dirs_.count(parent) == 0) {
    return InternalError("archive entry " + Quoted(entry.path) +
                         " added before its directory " + Quoted(parent));
  }
  if ((entry.mode & ~0777u) != 0) {
    return InternalError("archive entry " + Quoted(entry.path) +
                         ": mode has bits beyond 0777");
  }
  if (entry.type == ArchiveEntry::Type::kDirectory &&
      (!entry.data.empty() || entry.stream)) {
    return InternalError("archive entry " + Quoted(entry.path) +
                         ": a directory has no data");
  }
  if (entry.stream && (!entry.data.empty() || entry.stream->fs == nullptr)) {
    return InternalError("archive entry " + Quoted(entry.path) +
                         ": a streamed file has a file system and no held data");
  }
  return Status::Ok();
}

Status WriterState::BeginAdd(const ArchiveEntry& entry) {
  if (!failure_.ok()) return failure_;
  if (finished_) {
    return InternalError("archive entry " + Quoted(entry.path) +
                         " added after Finish");
  }
  PYCPACK_RETURN_IF_ERROR(CheckEntry(entry));
  any_ = true;
  last_path_ = entry.path;
  if (entry.type == ArchiveEntry::Type::kDirectory) dirs_.insert(entry.path);
  return Status::Ok();
}

Status WriterState::BeginFinish() {
  if (!failure_.ok()) return failure_;
  if (finished_) return InternalError("archive finished twice");
  return Status::Ok();
}

Status WriterState::Fail(Status status) {
  if (!status.ok() && failure_.ok()) failure_ = status;
  return status;
}

}  // namespace pycpack
