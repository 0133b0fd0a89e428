#include "plan/walk.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "plan/layout.h"
#include "util/escape.h"
#include "util/glob.h"
#include "util/paths.h"

namespace pycpack {
namespace {

class Walker {
 public:
  Walker(FileSystem* fs, const Manifest& manifest, size_t index,
         std::vector<SourceFile>* out)
      : fs_(fs), lib_(manifest.libraries[index]), index_(index), out_(out),
        context_(manifest.path + ": " + lib_.json_path + " (library \"" +
                 lib_.name + "\")") {}

  Status Run() {
    if (lib_.root.empty()) {
      return InternalError(context_ +
                           ": no root (the wheel was not extracted)");
    }
    if (lib_.files) return TakeListed();
    Result<FileInfo> info = fs_->Stat(lib_.root);
    if (!info.ok()) {
      return info.status().WithContext(context_ + ": root");
    }
    if (info->type != FileType::kDirectory) {
      return IoError(context_ + ": root '" + Shown("") +
                     "' is not a directory");
    }
    Result<std::string> real = fs_->RealPath(lib_.root);
    if (!real.ok()) return real.status().WithContext(context_);
    real_root_ = *real;
    return WalkDir("", real_root_);
  }

 private:
  std::string Shown(const std::string& rel) const {
    return ShownLibraryPath(lib_, rel);
  }

  bool Excluded(const std::string& rel) const {
    for (const std::string& p : lib_.exclude) {
      if (GlobMatchSelfOrParent(p, rel)) return true;
    }
    return false;
  }

  bool Included(const std::string& rel) const {
    if (lib_.include.empty()) return true;
    for (const std::string& p : lib_.include) {
      if (GlobMatchSelfOrParent(p, rel)) return true;
    }
    return false;
  }

  // The files named by "files": each read through symlinks wherever they
  // lead (the manifest names them), and required to be a regular file.
  Status TakeListed() {
    for (const std::string& rel : *lib_.files) {
      if (IsStrayBytecode(rel) || HasPycacheDir(rel)) continue;
      if (std::count(rel.begin(), rel.end(), '/') > kMaxTreeDepth) {
        return UnsafeError(context_ + ": listed file '" + rel.substr(0, 60) +
                           "...' is nested more than " +
                           std::to_string(kMaxTreeDepth) + " levels deep");
      }
      std::string disk = JoinPath(lib_.root, rel);
      Result<FileInfo> info = fs_->Stat(disk);
      if (!info.ok()) {
        Result<FileInfo> link = fs_->Lstat(disk);
        if (link.ok() && link->type == FileType::kSymlink) {
          return IoError(context_ + ": listed file '" + Shown(rel) +
                         "' is a symlink that does not resolve");
        }
        return info.status().WithContext(context_ + ": listed file");
      }
      if (info->type != FileType::kRegular) {
        return IoError(context_ + ": listed file '" + Shown(rel) +
                       "' is not a regular file");
      }
      Add(rel, disk, *info);
    }
    return Status::Ok();
  }

  static bool HasPycacheDir(std::string_view rel) {
    for (std::string_view part : SplitPath(DirName(rel))) {
      if (part == "__pycache__") return true;
    }
    return false;
  }

  // |rel| is the directory's path relative to the root ("" for the root),
  // |real| its resolved location (for loop detection).
  Status WalkDir(const std::string& rel, const std::string& real) {
    if (!active_.insert(real).second) {
      return UnsafeError(context_ + ": symlink loop at '" + Shown(rel) + "'");
    }
    std::string disk = rel.empty() ? lib_.root : JoinPath(lib_.root, rel);
    Result<std::vector<std::string>> names = fs_->ListDir(disk);
    if (!names.ok()) return names.status().WithContext(context_);
    for (const std::string& name : *names) {
      std::string child = rel.empty() ? name : rel + "/" + name;
      PYCPACK_RETURN_IF_ERROR(Visit(child));
    }
    active_.erase(real);
    return Status::Ok();
  }

  Status Visit(const std::string& rel) {
    if (Excluded(rel)) return Status::Ok();
    std::string disk = JoinPath(lib_.root, rel);
    if (!IsValidUtf8(BaseName(rel))) {
      return UnsafeError(context_ + ": file name is not valid UTF-8: '" +
                         EscapeBytes(disk) + "'");
    }
    Result<FileInfo> info = fs_->Lstat(disk);
    if (!info.ok()) return info.status().WithContext(context_);
    std::string real = JoinPath(real_root_, rel);
    if (info->type == FileType::kSymlink) {
      Result<std::string> target = fs_->RealPath(disk);
      if (!target.ok()) {
        return IoError(context_ + ": symlink '" + Shown(rel) +
                       "' does not resolve");
      }
      if (!IsWithin(*target, real_root_)) {
        return UnsafeError(context_ + ": symlink '" + Shown(rel) +
                           "' points outside the library root (to '" +
                           *target + "')");
      }
      real = *target;
      info = fs_->Stat(disk);
      if (!info.ok()) return info.status().WithContext(context_);
    }
    if (info->type == FileType::kDirectory) {
      if (BaseName(rel) == "__pycache__") return Status::Ok();
      if (std::count(rel.begin(), rel.end(), '/') + 1 > kMaxTreeDepth) {
        return UnsafeError(context_ + ": directories nested more than " +
                           std::to_string(kMaxTreeDepth) + " levels deep below '" +
                           lib_.root + "' (at '" + rel.substr(0, 60) + "...')");
      }
      return WalkDir(rel, real);
    }
    if (IsStrayBytecode(rel) || !Included(rel)) return Status::Ok();
    if (info->type != FileType::kRegular) {
      return IoError(context_ + ": '" + Shown(rel) + "' is not a regular file");
    }
    Add(rel, disk, *info);
    return Status::Ok();
  }

  void Add(const std::string& rel, const std::string& disk, const FileInfo& info) {
    SourceFile f;
    f.library = index_;
    f.rel_path = rel;
    f.disk_path = disk;
    f.mode = (info.mode & 0111) ? 0755 : 0644;
    f.size = info.size;
    out_->push_back(std::move(f));
  }

  FileSystem* fs_;
  const Library& lib_;
  size_t index_;
  std::vector<SourceFile>* out_;
  std::string context_;
  std::string real_root_;
  std::set<std::string> active_;  // resolved directories being walked
};

}  // namespace

std::string ShownLibraryPath(const Library& lib, std::string_view rel_path) {
  if (lib.wheel.empty()) return JoinPath(lib.root, rel_path);
  return lib.wheel + "!/" + std::string(rel_path);
}

std::string ShownSourcePath(const Manifest& manifest, const SourceFile& file) {
  return ShownLibraryPath(manifest.libraries[file.library], file.rel_path);
}

Status WalkLibrary(FileSystem* fs, const Manifest& manifest, size_t index,
                   std::vector<SourceFile>* out) {
  size_t first = out->size();
  PYCPACK_RETURN_IF_ERROR(Walker(fs, manifest, index, out).Run());
  // ListDir is sorted by name, but "a.b" sorts before "a/x" only by whole
  // path; sort the library's files by relative path.
  std::sort(out->begin() + first, out->end(),
            [](const SourceFile& a, const SourceFile& b) {
              return a.rel_path < b.rel_path;
            });
  return Status::Ok();
}

}  // namespace pycpack
