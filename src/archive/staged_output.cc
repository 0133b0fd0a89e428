#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "pycpack/archive.h"
#include "util/paths.h"
#include "util/subprocess.h"

namespace pycpack {
namespace {

// 16 lowercase hex digits from the system's random source.
std::string RandomHex16() {
  std::random_device rd;
  uint64_t value = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(value));
  return buf;
}

std::string Quoted(const std::string& path) { return "'" + path + "'"; }

// Replaces directory |dest| by directory |staging| with one atomic exchange,
// then removes the old one (now at |staging|). Where the system cannot
// exchange, moves the old directory aside, the new one in, and removes the
// old one: |dest| is briefly absent but never holds a partial artifact.
// Sets |*replaced| once the new directory is at |dest|.
Status ReplaceDirectory(FileSystem* fs, const std::string& staging,
                        const std::string& dest, bool* replaced) {
  const std::string context = "replacing " + Quoted(dest);
  std::string old_path = staging;
  if (!fs->Exchange(staging, dest).ok()) {
    old_path = staging + ".old";
    PYCPACK_RETURN_IF_ERROR(fs->Rename(dest, old_path).WithContext(context));
    Status moved = fs->Rename(staging, dest);
    if (!moved.ok()) {
      if (!fs->Rename(old_path, dest).ok()) {
        return moved.WithContext(context + " (its previous content is at " +
                                 Quoted(old_path) + ")");
      }
      return moved.WithContext(context);
    }
  }
  *replaced = true;
  return fs->RemoveAll(old_path).WithContext(
      "removing the previous content of " + Quoted(dest));
}

// Attempts at finding a staging name nobody uses before giving up.
constexpr int kNameAttempts = 8;

// Removes what builds that were killed left next to a destination: names
// "<prefix><pid>-<random>[.old]" whose process is gone. Best effort.
void RemoveLeftovers(FileSystem* fs, const std::string& dir,
                     const std::string& name_prefix) {
  Result<std::vector<std::string>> names = fs->ListDir(dir.empty() ? "." : dir);
  if (!names.ok()) return;
  for (const std::string& name : *names) {
    if (name.compare(0, name_prefix.size(), name_prefix) != 0) continue;
    const char* digits = name.c_str() + name_prefix.size();
    char* end = nullptr;
    long pid = std::strtol(digits, &end, 10);
    if (end == digits || *end != '-' || ProcessMayExist(pid)) continue;
    fs->RemoveAll(dir.empty() ? name : JoinPath(dir, name));
  }
}

}  // namespace

StagedOutput::StagedOutput(FileSystem* fs, std::string destination,
                           std::string staging)
    : fs_(fs),
      destination_(std::move(destination)),
      staging_path_(std::move(staging)) {}

StagedOutput::~StagedOutput() { Abort(); }

Result<std::unique_ptr<StagedOutput>> StagedOutput::Begin(
    FileSystem* fs, std::string destination) {
  while (destination.size() > 1 && destination.back() == '/') {
    destination.pop_back();
  }
  const std::string base(BaseName(destination));
  if (base.empty() || base == "." || base == "..") {
    return IoError("cannot write " + Quoted(destination) +
                   ": not a file or directory name");
  }
  const std::string dir(DirName(destination));
  auto info = fs->Stat(dir.empty() ? "." : dir);
  if (!info.ok()) return info.status().WithContext("output directory");
  if (info->type != FileType::kDirectory) {
    return IoError("output directory " + Quoted(dir) + " is not a directory");
  }
  const std::string name_prefix = "." + base + ".pycpack-tmp-";
  RemoveLeftovers(fs, dir, name_prefix);
  const std::string prefix = (dir.empty() ? "" : dir == "/" ? "/" : dir + "/") +
                             name_prefix + std::to_string(getpid()) + "-";
  for (int i = 0; i < kNameAttempts; ++i) {
    std::string staging = prefix + RandomHex16();
    if (fs->Exists(staging)) continue;
    // The constructor is private; the pointer is owned at once.
    return std::unique_ptr<StagedOutput>(
        new StagedOutput(fs, std::move(destination), std::move(staging)));
  }
  return IoError("cannot find an unused temporary name next to " +
                 Quoted(destination));
}

Status StagedOutput::Commit() {
  if (done_) {
    return InternalError("output " + Quoted(destination_) +
                         " was already committed or aborted");
  }
  const std::string context = "replacing " + Quoted(destination_);
  auto staged = fs_->Lstat(staging_path_);
  if (!staged.ok()) return staged.status().WithContext(context);
  if (!fs_->Exists(destination_)) {
    PYCPACK_RETURN_IF_ERROR(
        fs_->Rename(staging_path_, destination_).WithContext(context));
    done_ = true;
    return Status::Ok();
  }
  auto existing = fs_->Lstat(destination_);
  if (!existing.ok()) return existing.status().WithContext(context);
  const bool new_is_dir = staged->type == FileType::kDirectory;
  const bool old_is_dir = existing->type == FileType::kDirectory;
  if (new_is_dir != old_is_dir) {
    return IoError(Quoted(destination_) + " exists and is " +
                   (old_is_dir ? "a directory" : "not a directory"));
  }
  if (!new_is_dir) {
    // rename(2) replaces a file atomically.
    PYCPACK_RETURN_IF_ERROR(
        fs_->Rename(staging_path_, destination_).WithContext(context));
    done_ = true;
    return Status::Ok();
  }
  bool replaced = false;
  Status st = ReplaceDirectory(fs_, staging_path_, destination_, &replaced);
  if (replaced) done_ = true;
  return st;
}

void StagedOutput::Abort() {
  if (done_) return;
  done_ = true;
  fs_->RemoveAll(staging_path_);
}

}  // namespace pycpack
