#include "cache/compile_cache.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <utility>

#include "cache/cache_entry.h"
#include "util/paths.h"
#include "util/sha256.h"

namespace pycpack {
namespace {

constexpr uint32_t kDirMode = 0755;
constexpr uint32_t kEntryMode = 0644;

// Adds |field| to |hash| as a uint64 little-endian length and the bytes, so
// that no two different field sequences hash the same bytes.
void AddField(Sha256* hash, std::string_view field) {
  char length[8];
  uint64_t n = field.size();
  for (char& c : length) {
    c = static_cast<char>(n & 0xff);
    n >>= 8;
  }
  hash->Update(std::string_view(length, sizeof length));
  hash->Update(field);
}

bool IsAbsolute(const char* path) { return path != nullptr && path[0] == '/'; }

bool IsDirectory(FileSystem* fs, const std::string& path) {
  Result<FileInfo> info = fs->Stat(path);
  return info.ok() && info->type == FileType::kDirectory;
}

// Creates directory |path| and its missing parents. Succeeds if another
// process creates one of them at the same time.
Status MakeDirs(FileSystem* fs, const std::string& path) {
  if (IsDirectory(fs, path)) return Status::Ok();
  std::string parent(DirName(path));
  if (!parent.empty() && parent != path) {
    PYCPACK_RETURN_IF_ERROR(MakeDirs(fs, parent));
  }
  Status status = fs->MakeDir(path, kDirMode);
  if (!status.ok() && IsDirectory(fs, path)) return Status::Ok();
  return status;
}

}  // namespace

std::string DefaultCacheDir() {
  const char* xdg = getenv("XDG_CACHE_HOME");
  if (IsAbsolute(xdg)) return JoinPath(xdg, "pycpack");
  const char* home = getenv("HOME");
  if (IsAbsolute(home)) return JoinPath(home, ".cache/pycpack");
  return "";
}

CompileCache::CompileCache(FileSystem* fs, std::string dir,
                           const InterpreterInfo& interp, int canonical_version)
    : fs_(fs),
      dir_(dir.empty() ? std::string() : NormalizePath(dir)),
      interp_(interp),
      canonical_version_(canonical_version),
      rng_(std::random_device{}()) {}

std::string CompileCache::Key(const CompileRequest& request,
                              const InterpreterInfo* target) const {
  const InterpreterInfo& interp = target ? *target : interp_;
  Sha256 hash;
  AddField(&hash, kFormatTag);
  AddField(&hash, interp.implementation);
  AddField(&hash, interp.version);
  AddField(&hash, interp.magic);
  AddField(&hash, interp.cache_tag);
  AddField(&hash, std::to_string(canonical_version_));
  AddField(&hash, std::to_string(request.optimize));
  AddField(&hash, request.strip_docstrings ? "strip" : "keep");
  AddField(&hash, InvalidationName(request.invalidation));
  AddField(&hash, request.dfile);
  AddField(&hash, request.source);
  // Last and only when set, so that keys without it stay as they were.
  if (request.hash_source) AddField(&hash, *request.hash_source);
  return hash.HexDigest();
}

std::string CompileCache::EntryPath(std::string_view key) const {
  std::string rel =
      std::string(key.substr(0, 2)) + "/" + std::string(key.substr(2));
  return JoinPath(dir_, rel);
}

std::optional<std::string> CompileCache::Get(const CompileRequest& request,
                                             Status* corruption,
                                             const InterpreterInfo* target) {
  Result<std::optional<std::string>> pyc = std::optional<std::string>();
  if (!dir_.empty()) pyc = ReadEntry(Key(request, target));
  std::lock_guard<std::mutex> lock(mu_);
  if (!pyc.ok()) {
    ++stats_.misses;
    ++stats_.corrupt;
    if (corruption != nullptr) {
      *corruption = pyc.status().WithContext("compile cache entry for '" +
                                             request.dfile + "'");
    }
    return std::nullopt;
  }
  if (pyc->has_value()) {
    ++stats_.hits;
  } else {
    ++stats_.misses;
  }
  return std::move(*pyc);
}

Result<std::optional<std::string>> CompileCache::ReadEntry(
    const std::string& key) {
  const std::string path = EntryPath(key);
  Result<std::string> bytes = fs_->ReadFile(path);
  if (!bytes.ok()) {
    if (!fs_->Exists(path)) return std::optional<std::string>();
    // A concurrent Put may have renamed the entry into place after the
    // first read failed; only a second failure means it is unreadable.
    bytes = fs_->ReadFile(path);
    if (!bytes.ok()) return bytes.status();
  }
  Result<std::string> payload = DecodeCacheEntry(*bytes, key);
  if (!payload.ok()) return payload.status().WithContext("'" + path + "'");
  return std::optional<std::string>(std::move(*payload));
}

std::optional<std::string> CompileCache::GetByKey(const std::string& key) {
  if (dir_.empty() || !IsCacheKey(key)) return std::nullopt;
  Result<std::optional<std::string>> payload = ReadEntry(key);
  if (!payload.ok()) return std::nullopt;
  return std::move(*payload);
}

Status CompileCache::PutByKey(const std::string& key, std::string_view payload) {
  if (dir_.empty()) return Status::Ok();
  if (!IsCacheKey(key)) return InternalError("not a cache key: " + key);
  const std::string entry = EntryPath(key);
  Status status = EnsureShard(std::string(DirName(entry)));
  if (status.ok()) {
    const std::string temp = TempPathFor(entry);
    status = WriteFile(temp, EncodeCacheEntry(key, payload));
    if (status.ok()) status = Install(temp, entry);
    if (!status.ok()) fs_->RemoveAll(temp);  // best effort; may not exist
  }
  return status;
}

Status CompileCache::Put(const CompileRequest& request, std::string_view pyc,
                         const InterpreterInfo* target) {
  if (dir_.empty()) return Status::Ok();
  Status status = PutByKey(Key(request, target), pyc);
  std::lock_guard<std::mutex> lock(mu_);
  if (!status.ok()) {
    ++stats_.store_errors;
    return status.WithContext("compile cache '" + dir_ + "': cannot store '" +
                              request.dfile + "'");
  }
  ++stats_.stores;
  return Status::Ok();
}

CacheStats CompileCache::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

Status CompileCache::EnsureShard(const std::string& shard) {
  Result<FileInfo> info = fs_->Lstat(shard);
  if (info.ok()) {
    if (info->type == FileType::kDirectory) return Status::Ok();
    // Only the cache writes here: whatever else sits in its place is damage.
    PYCPACK_RETURN_IF_ERROR(fs_->RemoveAll(shard));
  }
  return MakeDirs(fs_, shard);
}

std::string CompileCache::TempPathFor(const std::string& entry) {
  uint64_t nonce;
  {
    std::lock_guard<std::mutex> lock(mu_);
    nonce = rng_();
  }
  char suffix[64];
  std::snprintf(suffix, sizeof suffix, ".tmp.%ld.%016llx",
                static_cast<long>(::getpid()),
                static_cast<unsigned long long>(nonce));
  return entry + suffix;
}

Status CompileCache::WriteFile(const std::string& path, std::string_view data) {
  Result<std::unique_ptr<WritableFile>> file =
      fs_->NewWritableFile(path, kEntryMode);
  if (!file.ok()) return file.status();
  PYCPACK_RETURN_IF_ERROR((*file)->Append(data));
  return (*file)->Close();
}

// Renames |temp| over |entry|. A directory at |entry| (which rename cannot
// replace) is removed first and the rename tried once more.
Status CompileCache::Install(const std::string& temp,
                             const std::string& entry) {
  Status status = fs_->Rename(temp, entry);
  if (status.ok()) return status;
  Result<FileInfo> info = fs_->Lstat(entry);
  if (!info.ok() || info->type != FileType::kDirectory) return status;
  PYCPACK_RETURN_IF_ERROR(fs_->RemoveAll(entry));
  return fs_->Rename(temp, entry);
}

}  // namespace pycpack
