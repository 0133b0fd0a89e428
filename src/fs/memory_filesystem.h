// An in-memory FileSystem for tests: a tree of directories, regular files
// (content + permission bits + mtime) and symlinks (resolved like the host
// does for Stat, RealPath, ReadFile, ListDir and NewWritableFile), with
// injectable faults.
//
// Paths are absolute ('/'-separated); a relative path is taken relative to
// '/'. Errors use the same words as the host file system
// ("cannot read '/a.py': No such file or directory"). Thread-safe.
//
//   MemoryFileSystem fs;
//   fs.AddFile("/src/app/__init__.py", "x = 1\n");
//   fs.AddSymlink("/src/link", "app");
//   fs.FailOn(MemoryFileSystem::Op::kAppend, "out.tar");  // next write fails
#ifndef PYCPACK_FS_MEMORY_FILESYSTEM_H_
#define PYCPACK_FS_MEMORY_FILESYSTEM_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pycpack/filesystem.h"

namespace pycpack {

class MemoryFileSystem : public FileSystem {
 public:
  // The operations a fault can be injected into.
  enum class Op {
    kStat,      // Lstat, Stat (Exists never fails)
    kListDir,
    kRead,      // ReadFile
    kRealPath,
    kOpen,      // NewWritableFile
    kAppend,    // WritableFile::Append
    kClose,     // WritableFile::Close
    kMakeDir,
    kSetMtime,
    kRename,
    kExchange,
    kRemove,    // RemoveAll
  };

  MemoryFileSystem();  // holds only the root directory "/"
  ~MemoryFileSystem() override;

  // Populating. Missing parent directories are created (0755); whatever was
  // at |path| is replaced.
  void AddFile(const std::string& path, std::string content,
               uint32_t mode = 0644);
  void AddDir(const std::string& path, uint32_t mode = 0755);
  void AddSymlink(const std::string& path, std::string target);

  // Makes an |op| on a path containing |path_substring| ("" matches every
  // path) fail with an IoError ("Input/output error"): the first matching
  // call after |skip| matching calls have succeeded. Each FailOn arms one
  // failure. For the two-path operations either path may match.
  void FailOn(Op op, std::string path_substring, int skip = 0);
  // Lets only |bytes| more bytes be appended to files (all files together);
  // an Append that would exceed that fails with "No space left on device"
  // and writes nothing. nullopt removes the limit.
  void SetWriteLimit(std::optional<uint64_t> bytes);

  // Inspection: every path below "/" (not following symlinks), sorted.
  std::vector<std::string> Paths() const;
  // The modification time of |path| itself (0 unless set by SetMtime).
  Result<int64_t> Mtime(const std::string& path) const;
  // The target of symlink |path|.
  Result<std::string> ReadLink(const std::string& path) const;

  // FileSystem.
  Result<FileInfo> Lstat(const std::string& path) override;
  Result<FileInfo> Stat(const std::string& path) override;
  bool Exists(const std::string& path) override;
  Result<std::vector<std::string>> ListDir(const std::string& path) override;
  Result<std::string> ReadFile(const std::string& path) override;
  // Reads a snapshot of the content taken when the file is opened; fails
  // like ReadFile (and with ReadFile's armed faults, Op::kRead).
  Result<std::unique_ptr<SequentialFile>> NewSequentialFile(
      const std::string& path) override;
  // The same kind of snapshot, read at any offset.
  Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(
      const std::string& path) override;
  Result<std::string> RealPath(const std::string& path) override;
  // REQUIRES: the file system outlives the returned file. The file keeps
  // writing to the same content when it is renamed, like an open inode.
  Result<std::unique_ptr<WritableFile>> NewWritableFile(
      const std::string& path, uint32_t mode) override;
  Status MakeDir(const std::string& path, uint32_t mode) override;
  Status SetMtime(const std::string& path, int64_t mtime) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Status Exchange(const std::string& a, const std::string& b) override;
  Status RemoveAll(const std::string& path) override;

 private:
  class File;
  struct Node {
    FileType type = FileType::kDirectory;
    uint32_t mode = 0755;
    int64_t mtime = 0;
    std::shared_ptr<std::string> content;  // kRegular
    std::string target;                    // kSymlink
  };
  using Nodes = std::map<std::string, Node>;
  // A path after symlink resolution: the key it has (or would have) in
  // nodes_ and its node if it exists; or, if a component on the way does
  // not resolve, the errno explaining why.
  struct Resolved {
    std::string path;
    const Node* node = nullptr;
    int err = 0;
  };

  Resolved Resolve(const std::string& path, bool follow_last) const;
  Result<FileInfo> StatLocked(const std::string& path, bool follow);
  Status Inject(Op op, const std::string& path, std::string_view action);
  Status Inject2(Op op, const std::string& a, const std::string& b,
                 std::string_view action, std::string_view link);
  Status AppendTo(const std::string& path, std::string* content,
                  std::string_view data);
  Status CloseFile(const std::string& path);
  // For the Add* helpers: the key for |path| after its parents exist.
  std::string Prepare(const std::string& path);
  // |path| and every key below it.
  std::vector<std::string> Subtree(const std::string& path) const;
  void EraseSubtree(const std::string& path);
  // Takes |from| and everything below it out of the tree, re-keyed as if
  // moved to |to|; insert the handles back to complete the move.
  std::vector<Nodes::node_type> ExtractSubtree(const std::string& from,
                                               const std::string& to);
  std::vector<std::string> Children(const std::string& dir) const;
  int CheckRename(const Resolved& from, const Resolved& to) const;

  mutable std::mutex mu_;
  Nodes nodes_;  // key: absolute normalised path, no symlink on the way
  struct Fault {
    Op op;
    std::string path_substring;
    int skip;
  };
  // Consumes the armed fault matching |op| on |a| (or |b|), if any.
  bool Triggered(Op op, const std::string& a, const std::string& b);

  std::vector<Fault> faults_;
  std::optional<uint64_t> write_limit_;
};

}  // namespace pycpack

#endif  // PYCPACK_FS_MEMORY_FILESYSTEM_H_
