// MemoryFileSystem: the tree, its helpers, symlink resolution, fault
// injection and the reading operations. The writing operations are in
// memory_filesystem_write.cc.
#include "fs/memory_filesystem.h"

#include <algorithm>
#include <cerrno>
#include <deque>

#include "fs/fs_errors.h"
#include "util/paths.h"

namespace pycpack {
namespace {

// Symlinks followed while resolving one path before giving up with ELOOP
// (Linux's limit).
constexpr int kMaxSymlinkHops = 40;

// The non-empty components of |path|, "." dropped.
std::deque<std::string> Components(std::string_view path) {
  std::deque<std::string> out;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    if (!part.empty() && part != ".") out.emplace_back(part);
    i = j + 1;
  }
  return out;
}

std::string Child(const std::string& dir, const std::string& name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

}  // namespace

MemoryFileSystem::MemoryFileSystem() { nodes_["/"] = Node{}; }
MemoryFileSystem::~MemoryFileSystem() = default;

std::string MemoryFileSystem::Prepare(const std::string& path) {
  const std::string key = JoinPath("/", path);
  std::string dir = "/";
  std::deque<std::string> parts = Components(key);
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    dir = Child(dir, parts[i]);
    Node& node = nodes_[dir];
    if (node.type != FileType::kDirectory) node = Node{};
  }
  EraseSubtree(key);
  return key;
}

void MemoryFileSystem::AddFile(const std::string& path, std::string content,
                               uint32_t mode) {
  std::lock_guard<std::mutex> lock(mu_);
  Node node{FileType::kRegular, mode, 0,
            std::make_shared<std::string>(std::move(content)), {}};
  nodes_[Prepare(path)] = std::move(node);
}

void MemoryFileSystem::AddDir(const std::string& path, uint32_t mode) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string key = Prepare(path);
  if (key != "/") nodes_[key] = Node{FileType::kDirectory, mode, 0, {}, {}};
}

void MemoryFileSystem::AddSymlink(const std::string& path, std::string target) {
  std::lock_guard<std::mutex> lock(mu_);
  nodes_[Prepare(path)] =
      Node{FileType::kSymlink, 0777, 0, {}, std::move(target)};
}

void MemoryFileSystem::FailOn(Op op, std::string path_substring, int skip) {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.push_back(Fault{op, std::move(path_substring), skip});
}

void MemoryFileSystem::SetWriteLimit(std::optional<uint64_t> bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  write_limit_ = bytes;
}

std::vector<std::string> MemoryFileSystem::Paths() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& [key, node] : nodes_) {
    if (key != "/") out.push_back(key);
  }
  return out;
}

Result<int64_t> MemoryFileSystem::Mtime(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  Resolved r = Resolve(path, false);
  if (r.node == nullptr) return ErrnoStatus("stat", path, r.err ? r.err : ENOENT);
  return r.node->mtime;
}

Result<std::string> MemoryFileSystem::ReadLink(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  Resolved r = Resolve(path, false);
  if (r.node == nullptr) {
    return ErrnoStatus("read link", path, r.err ? r.err : ENOENT);
  }
  if (r.node->type != FileType::kSymlink) {
    return ErrnoStatus("read link", path, EINVAL);
  }
  return r.node->target;
}

// Walks |path| component by component from "/", replacing each symlink met
// on the way (and the last one if |follow_last|) by its target, as the
// kernel does; ".." applies to the resolved directory.
MemoryFileSystem::Resolved MemoryFileSystem::Resolve(const std::string& path,
                                                     bool follow_last) const {
  if (path.empty()) return Resolved{path, nullptr, ENOENT};
  std::deque<std::string> todo = Components(path);
  std::string cur = "/";
  int hops = 0;
  while (!todo.empty()) {
    std::string part = std::move(todo.front());
    todo.pop_front();
    const bool last = todo.empty();
    if (part == "..") {
      cur = std::string(DirName(cur));
      continue;
    }
    std::string next = Child(cur, part);
    auto it = nodes_.find(next);
    if (it == nodes_.end()) {
      return last ? Resolved{next, nullptr, 0} : Resolved{next, nullptr, ENOENT};
    }
    const Node& node = it->second;
    if (node.type == FileType::kSymlink && (!last || follow_last)) {
      if (++hops > kMaxSymlinkHops) return Resolved{next, nullptr, ELOOP};
      if (node.target.empty()) return Resolved{next, nullptr, ENOENT};
      if (node.target[0] == '/') cur.assign(1, '/');
      std::deque<std::string> target = Components(node.target);
      todo.insert(todo.begin(), target.begin(), target.end());
      continue;
    }
    if (!last && node.type != FileType::kDirectory) {
      return Resolved{next, nullptr, ENOTDIR};
    }
    cur = std::move(next);
  }
  return Resolved{cur, &nodes_.at(cur), 0};
}

bool MemoryFileSystem::Triggered(Op op, const std::string& a,
                                 const std::string& b) {
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->op != op) continue;
    if (a.find(it->path_substring) == std::string::npos &&
        b.find(it->path_substring) == std::string::npos) {
      continue;
    }
    if (it->skip-- > 0) continue;
    faults_.erase(it);
    return true;
  }
  return false;
}

Status MemoryFileSystem::Inject(Op op, const std::string& path,
                                std::string_view action) {
  if (!Triggered(op, path, path)) return Status::Ok();
  return ErrnoStatus(action, path, EIO);
}

Status MemoryFileSystem::Inject2(Op op, const std::string& a,
                                 const std::string& b, std::string_view action,
                                 std::string_view link) {
  if (!Triggered(op, a, b)) return Status::Ok();
  return ErrnoStatus2(action, a, link, b, EIO);
}

std::vector<std::string> MemoryFileSystem::Subtree(
    const std::string& path) const {
  std::vector<std::string> out;
  if (nodes_.count(path)) out.push_back(path);
  const std::string prefix = path == "/" ? "/" : path + "/";
  for (auto it = nodes_.lower_bound(prefix);
       it != nodes_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it) {
    if (it->first != path) out.push_back(it->first);
  }
  return out;
}

void MemoryFileSystem::EraseSubtree(const std::string& path) {
  for (const std::string& key : Subtree(path)) {
    if (key != "/") nodes_.erase(key);
  }
}

std::vector<std::string> MemoryFileSystem::Children(
    const std::string& dir) const {
  std::vector<std::string> names;
  const size_t skip = dir == "/" ? 1 : dir.size() + 1;
  for (const std::string& key : Subtree(dir)) {
    if (key == dir) continue;
    std::string name = key.substr(skip);
    if (name.find('/') == std::string::npos) names.push_back(std::move(name));
  }
  return names;  // bytewise: nodes_ is ordered by std::string comparison
}

namespace {

FileInfo InfoOf(const FileType type, uint32_t mode, uint64_t size) {
  FileInfo info;
  info.type = type;
  info.mode = mode;
  info.size = size;
  return info;
}

}  // namespace

Result<FileInfo> MemoryFileSystem::StatLocked(const std::string& path,
                                              bool follow) {
  PYCPACK_RETURN_IF_ERROR(Inject(Op::kStat, path, "stat"));
  Resolved r = Resolve(path, follow);
  if (r.node == nullptr) return ErrnoStatus("stat", path, r.err ? r.err : ENOENT);
  const Node& n = *r.node;
  uint64_t size = 0;
  if (n.type == FileType::kRegular) size = n.content->size();
  if (n.type == FileType::kSymlink) size = n.target.size();
  return InfoOf(n.type, n.mode, size);
}

Result<FileInfo> MemoryFileSystem::Lstat(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  return StatLocked(path, false);
}

Result<FileInfo> MemoryFileSystem::Stat(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  return StatLocked(path, true);
}

bool MemoryFileSystem::Exists(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  return Resolve(path, false).node != nullptr;
}

Result<std::vector<std::string>> MemoryFileSystem::ListDir(
    const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  PYCPACK_RETURN_IF_ERROR(Inject(Op::kListDir, path, "list"));
  Resolved r = Resolve(path, true);
  if (r.node == nullptr) return ErrnoStatus("list", path, r.err ? r.err : ENOENT);
  if (r.node->type != FileType::kDirectory) {
    return ErrnoStatus("list", path, ENOTDIR);
  }
  return Children(r.path);
}

Result<std::string> MemoryFileSystem::ReadFile(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  PYCPACK_RETURN_IF_ERROR(Inject(Op::kRead, path, "read"));
  Resolved r = Resolve(path, true);
  if (r.node == nullptr) return ErrnoStatus("read", path, r.err ? r.err : ENOENT);
  if (r.node->type == FileType::kDirectory) {
    return ErrnoStatus("read", path, EISDIR);
  }
  return *r.node->content;
}

namespace {

class SnapshotFile : public SequentialFile {
 public:
  explicit SnapshotFile(std::string content) : content_(std::move(content)) {}
  Result<std::string_view> Read(size_t n, char* scratch) override {
    size_t got = std::min(n, content_.size() - pos_);
    std::copy_n(content_.data() + pos_, got, scratch);
    pos_ += got;
    return std::string_view(scratch, got);
  }

 private:
  std::string content_;
  size_t pos_ = 0;
};

class RandomSnapshotFile : public RandomAccessFile {
 public:
  explicit RandomSnapshotFile(std::string content) : content_(std::move(content)) {}
  uint64_t size() const override { return content_.size(); }
  Result<std::string_view> Read(uint64_t offset, size_t n,
                                char* scratch) const override {
    if (offset >= content_.size()) return std::string_view(scratch, 0);
    size_t got = std::min<uint64_t>(n, content_.size() - offset);
    std::copy_n(content_.data() + offset, got, scratch);
    return std::string_view(scratch, got);
  }

 private:
  const std::string content_;
};

}  // namespace

Result<std::unique_ptr<RandomAccessFile>> MemoryFileSystem::NewRandomAccessFile(
    const std::string& path) {
  Result<std::string> content = ReadFile(path);
  if (!content.ok()) return content.status();
  return std::unique_ptr<RandomAccessFile>(
      std::make_unique<RandomSnapshotFile>(std::move(content).value()));
}

Result<std::unique_ptr<SequentialFile>> MemoryFileSystem::NewSequentialFile(
    const std::string& path) {
  Result<std::string> content = ReadFile(path);
  if (!content.ok()) return content.status();
  return std::unique_ptr<SequentialFile>(
      std::make_unique<SnapshotFile>(std::move(content).value()));
}

Result<std::string> MemoryFileSystem::RealPath(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  PYCPACK_RETURN_IF_ERROR(Inject(Op::kRealPath, path, "resolve"));
  Resolved r = Resolve(path, true);
  if (r.node == nullptr) {
    return ErrnoStatus("resolve", path, r.err ? r.err : ENOENT);
  }
  return r.path;
}

}  // namespace pycpack
