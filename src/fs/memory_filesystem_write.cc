// MemoryFileSystem: the writing operations.
#include <cerrno>

#include "fs/fs_errors.h"
#include "fs/memory_filesystem.h"
#include "util/paths.h"

namespace pycpack {

// Writes to the content shared with the tree's node, so the data follows the
// node through renames like an open file descriptor follows its inode.
class MemoryFileSystem::File : public WritableFile {
 public:
  File(MemoryFileSystem* fs, std::string path,
       std::shared_ptr<std::string> content)
      : fs_(fs), path_(std::move(path)), content_(std::move(content)) {}

  Status Append(std::string_view data) override {
    if (closed_) return InternalError("append to closed file '" + path_ + "'");
    return fs_->AppendTo(path_, content_.get(), data);
  }

  Status Close() override {
    if (closed_) return Status::Ok();
    closed_ = true;
    return fs_->CloseFile(path_);
  }

 private:
  MemoryFileSystem* fs_;
  std::string path_;
  std::shared_ptr<std::string> content_;
  bool closed_ = false;
};

Status MemoryFileSystem::AppendTo(const std::string& path, std::string* content,
                                  std::string_view data) {
  std::lock_guard<std::mutex> lock(mu_);
  PYCPACK_RETURN_IF_ERROR(Inject(Op::kAppend, path, "write"));
  if (write_limit_) {
    if (data.size() > *write_limit_) return ErrnoStatus("write", path, ENOSPC);
    *write_limit_ -= data.size();
  }
  content->append(data);
  return Status::Ok();
}

Status MemoryFileSystem::CloseFile(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  return Inject(Op::kClose, path, "close");
}

Result<std::unique_ptr<WritableFile>> MemoryFileSystem::NewWritableFile(
    const std::string& path, uint32_t mode) {
  std::lock_guard<std::mutex> lock(mu_);
  PYCPACK_RETURN_IF_ERROR(Inject(Op::kOpen, path, "create"));
  Resolved r = Resolve(path, true);
  if (r.err != 0) return ErrnoStatus("create", path, r.err);
  std::shared_ptr<std::string> content;
  if (r.node != nullptr) {
    if (r.node->type == FileType::kDirectory) {
      return ErrnoStatus("create", path, EISDIR);
    }
    Node& node = nodes_.at(r.path);
    node.content->clear();
    node.mode = mode & 07777;
    content = node.content;
  } else {
    content = std::make_shared<std::string>();
    nodes_[r.path] = Node{FileType::kRegular, mode & 07777, 0, content, {}};
  }
  return std::unique_ptr<WritableFile>(
      std::make_unique<File>(this, path, std::move(content)));
}

Status MemoryFileSystem::MakeDir(const std::string& path, uint32_t mode) {
  std::lock_guard<std::mutex> lock(mu_);
  PYCPACK_RETURN_IF_ERROR(Inject(Op::kMakeDir, path, "create directory"));
  Resolved r = Resolve(path, false);
  if (r.err != 0) return ErrnoStatus("create directory", path, r.err);
  if (r.node != nullptr) return ErrnoStatus("create directory", path, EEXIST);
  nodes_[r.path] = Node{FileType::kDirectory, mode & 07777, 0, {}, {}};
  return Status::Ok();
}

Status MemoryFileSystem::SetMtime(const std::string& path, int64_t mtime) {
  std::lock_guard<std::mutex> lock(mu_);
  constexpr std::string_view kAction = "set the modification time of";
  PYCPACK_RETURN_IF_ERROR(Inject(Op::kSetMtime, path, kAction));
  Resolved r = Resolve(path, false);
  if (r.node == nullptr) return ErrnoStatus(kAction, path, r.err ? r.err : ENOENT);
  nodes_.at(r.path).mtime = mtime;
  return Status::Ok();
}

std::vector<MemoryFileSystem::Nodes::node_type>
MemoryFileSystem::ExtractSubtree(const std::string& from,
                                 const std::string& to) {
  std::vector<Nodes::node_type> out;
  for (const std::string& key : Subtree(from)) {
    Nodes::node_type handle = nodes_.extract(key);
    handle.key() = to + key.substr(from.size());
    out.push_back(std::move(handle));
  }
  return out;
}

// The errno rename(2) gives for moving |from| onto |to|, 0 if allowed.
int MemoryFileSystem::CheckRename(const Resolved& from,
                                  const Resolved& to) const {
  if (from.path == "/" || to.path == "/") return EBUSY;
  if (from.path == to.path) return 0;
  if (IsWithin(to.path, from.path)) return EINVAL;
  if (to.node == nullptr) return 0;
  const bool from_dir = from.node->type == FileType::kDirectory;
  const bool to_dir = to.node->type == FileType::kDirectory;
  if (from_dir && !to_dir) return ENOTDIR;
  if (!from_dir && to_dir) return EISDIR;
  if (to_dir && !Children(to.path).empty()) return ENOTEMPTY;
  return 0;
}

Status MemoryFileSystem::Rename(const std::string& from, const std::string& to) {
  std::lock_guard<std::mutex> lock(mu_);
  PYCPACK_RETURN_IF_ERROR(Inject2(Op::kRename, from, to, "rename", "to"));
  Resolved rf = Resolve(from, false);
  Resolved rt = Resolve(to, false);
  int err = rf.node == nullptr ? (rf.err ? rf.err : ENOENT) : rt.err;
  if (err == 0) err = CheckRename(rf, rt);
  if (err != 0) return ErrnoStatus2("rename", from, "to", to, err);
  if (rf.path == rt.path) return Status::Ok();
  if (rt.node != nullptr) EraseSubtree(rt.path);
  for (auto& handle : ExtractSubtree(rf.path, rt.path)) {
    nodes_.insert(std::move(handle));
  }
  return Status::Ok();
}

Status MemoryFileSystem::Exchange(const std::string& a, const std::string& b) {
  std::lock_guard<std::mutex> lock(mu_);
  PYCPACK_RETURN_IF_ERROR(Inject2(Op::kExchange, a, b, "exchange", "and"));
  Resolved ra = Resolve(a, false);
  Resolved rb = Resolve(b, false);
  int err = 0;
  if (ra.node == nullptr) err = ra.err ? ra.err : ENOENT;
  if (err == 0 && rb.node == nullptr) err = rb.err ? rb.err : ENOENT;
  if (err == 0 && (ra.path == "/" || rb.path == "/")) err = EBUSY;
  if (err == 0 && ra.path != rb.path &&
      (IsWithin(ra.path, rb.path) || IsWithin(rb.path, ra.path))) {
    err = EINVAL;
  }
  if (err != 0) return ErrnoStatus2("exchange", a, "and", b, err);
  if (ra.path == rb.path) return Status::Ok();
  std::vector<Nodes::node_type> moved = ExtractSubtree(ra.path, rb.path);
  for (auto& handle : ExtractSubtree(rb.path, ra.path)) {
    moved.push_back(std::move(handle));
  }
  for (auto& handle : moved) nodes_.insert(std::move(handle));
  return Status::Ok();
}

Status MemoryFileSystem::RemoveAll(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  PYCPACK_RETURN_IF_ERROR(Inject(Op::kRemove, path, "remove"));
  Resolved r = Resolve(path, false);
  if (r.node == nullptr) {
    if (r.err == 0 || r.err == ENOENT) return Status::Ok();
    return ErrnoStatus("remove", path, r.err);
  }
  if (r.path == "/") return ErrnoStatus("remove", path, EBUSY);
  EraseSubtree(r.path);
  return Status::Ok();
}

}  // namespace pycpack
