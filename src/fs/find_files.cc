#include "fs/find_files.h"

#include "util/paths.h"

namespace pycpack {

Status FindFiles(FileSystem* fs, const std::string& dir,
                 std::string_view suffix, std::vector<std::string>* out) {
  Result<std::vector<std::string>> names = fs->ListDir(dir);
  if (!names.ok()) return names.status();
  for (const std::string& name : *names) {
    std::string child = JoinPath(dir, name);
    Result<FileInfo> info = fs->Lstat(child);
    if (!info.ok()) return info.status();
    if (info->type == FileType::kDirectory) {
      PYCPACK_RETURN_IF_ERROR(FindFiles(fs, child, suffix, out));
    } else if (info->type == FileType::kRegular && name.size() > suffix.size() &&
               std::string_view(name).ends_with(suffix)) {
      out->push_back(child);
    }
  }
  return Status::Ok();
}

}  // namespace pycpack
