// Inputs on the file system: a directory or a single pyc.
#include "fs/find_files.h"
#include "inspect/input.h"
#include "util/paths.h"

namespace pycpack::inspect {
namespace {

class FsInput : public Input {
 public:
  // |root| "" means that paths are used as they are (a single pyc).
  FsInput(FileSystem* fs, std::string kind, std::string root, std::vector<std::string> pycs)
      : fs_(fs), kind_(std::move(kind)), root_(std::move(root)), pycs_(std::move(pycs)) {}

  std::string kind() const override { return kind_; }
  const std::vector<std::string>& pycs() const override { return pycs_; }

  Result<std::string> Read(const std::string& path) override {
    return fs_->ReadFile(OnDisk(path));
  }

  Result<std::optional<std::string>> ReadIfPresent(const std::string& path) override {
    const std::string disk = OnDisk(path);
    if (!fs_->Exists(disk)) return std::optional<std::string>();
    Result<std::string> bytes = fs_->ReadFile(disk);
    if (!bytes.ok()) return bytes.status();
    return std::optional<std::string>(std::move(bytes).value());
  }

 private:
  std::string OnDisk(const std::string& path) const {
    return root_.empty() ? path : JoinPath(root_, path);
  }

  FileSystem* fs_;
  std::string kind_;
  std::string root_;
  std::vector<std::string> pycs_;
};

// The pycs below directory |dir|, relative to it.
Result<std::vector<std::string>> PycsBelow(FileSystem* fs, const std::string& dir) {
  std::vector<std::string> found;
  PYCPACK_RETURN_IF_ERROR(FindFiles(fs, dir, ".pyc", &found));
  const bool here = NormalizePath(dir) == ".";
  for (std::string& p : found) {
    if (!here) p = RelativeTo(p, dir);
  }
  return found;
}

}  // namespace

Result<std::unique_ptr<Input>> OpenInput(FileSystem* fs, const std::string& path) {
  Result<FileInfo> info = fs->Stat(path);
  if (!info.ok()) return info.status();
  if (info->type == FileType::kDirectory) {
    Result<std::vector<std::string>> pycs = PycsBelow(fs, path);
    if (!pycs.ok()) return pycs.status();
    return std::unique_ptr<Input>(
        std::make_unique<FsInput>(fs, "dir", path, std::move(pycs).value()));
  }
  if (std::string_view(path).ends_with(".pyc")) {
    return std::unique_ptr<Input>(
        std::make_unique<FsInput>(fs, "pyc", "", std::vector<std::string>{path}));
  }
  Result<std::string> bytes = fs->ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  return OpenArchiveInput(path, *bytes);
}

}  // namespace pycpack::inspect
