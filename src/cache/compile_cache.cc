#include "cache/compile_cache.h"

#include <stdlib.h>

#include <utility>

#include "cache/cache_entry.h"
#include "cache/pack_compaction.h"
#include "util/paths.h"
#include "util/sha256.h"

namespace pycpack {
namespace {

// The name of the directory of packs inside the cache directory.
constexpr std::string_view kPackDirName = "packs";

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
      packs_(fs, dir_.empty() ? std::string() : JoinPath(dir_, kPackDirName)),
      rng_(std::random_device{}()) {}

CompileCache::~CompileCache() { Flush(); }

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

std::string CompileCache::PackDir() const {
  return JoinPath(dir_, kPackDirName);
}

uint64_t CompileCache::Nonce() {
  std::lock_guard<std::mutex> lock(mu_);
  return rng_();
}

std::optional<std::string> CompileCache::Get(const CompileRequest& request,
                                             Status* corruption,
                                             const InterpreterInfo* target) {
  return Get(Key(request, target), request.dfile, corruption);
}

std::optional<std::string> CompileCache::Get(const std::string& key,
                                             std::string_view dfile,
                                             Status* corruption) {
  Result<std::optional<std::string>> pyc = std::optional<std::string>();
  if (!dir_.empty()) pyc = Read(key, true);
  std::lock_guard<std::mutex> lock(mu_);
  if (!pyc.ok()) {
    ++stats_.misses;
    ++stats_.corrupt;
    if (corruption != nullptr) {
      *corruption = pyc.status().WithContext("compile cache entry for '" +
                                             std::string(dfile) + "'");
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

Result<std::optional<std::string>> CompileCache::Read(const std::string& key,
                                                      bool pack_problems) {
  const RawCacheKey raw = ToRawCacheKey(key);
  std::string entry;
  PackWriter::Lookup pending = PackWriter::Lookup::kAbsent;
  {
    std::lock_guard<std::mutex> lock(write_mu_);
    if (writer_) pending = writer_->Find(raw, &entry);
    // Only a sealed pack can be read back: seal it now. If that fails, the
    // entry is gone and this is a plain miss.
    if (pending == PackWriter::Lookup::kWritten && !SealLocked(false).ok()) {
      return std::optional<std::string>();
    }
  }
  if (pending == PackWriter::Lookup::kBuffered) {
    Result<std::string> payload = DecodeCacheEntry(entry, key);
    if (!payload.ok()) return payload.status();
    return std::optional<std::string>(std::move(payload).value());
  }
  packs_.LoadOnce();
  Result<std::optional<std::string>> found = packs_.Get(raw);
  if (found.ok() && !found->has_value() && pack_problems) {
    Status problem = packs_.TakeProblem();
    if (!problem.ok()) return problem;
  }
  return found;
}

std::optional<std::string> CompileCache::GetByKey(const std::string& key) {
  if (dir_.empty() || !IsCacheKey(key)) return std::nullopt;
  Result<std::optional<std::string>> payload = Read(key, false);
  if (!payload.ok()) return std::nullopt;
  return std::move(*payload);
}

Status CompileCache::Store(const std::string& key, std::string_view payload) {
  const RawCacheKey raw = ToRawCacheKey(key);
  std::string entry = EncodeCacheEntry(key, payload);  // outside the lock
  std::lock_guard<std::mutex> lock(write_mu_);
  if (!writer_) {
    Result<std::unique_ptr<PackWriter>> writer =
        PackWriter::Create(fs_, PackDir(), Nonce());
    if (!writer.ok()) return writer.status();
    writer_ = std::move(writer).value();
  }
  Status status = writer_->AddEncoded(raw, entry);
  if (!status.ok()) writer_.reset();  // its file is removed
  return status;
}

Status CompileCache::PutByKey(const std::string& key,
                              std::string_view payload) {
  if (dir_.empty()) return Status::Ok();
  if (!IsCacheKey(key)) return InternalError("not a cache key: " + key);
  return Store(key, payload);
}

Status CompileCache::Put(const CompileRequest& request, std::string_view pyc,
                         const InterpreterInfo* target) {
  if (dir_.empty()) return Status::Ok();
  return Put(Key(request, target), request.dfile, pyc);
}

Status CompileCache::Put(const std::string& key, std::string_view dfile,
                         std::string_view pyc) {
  if (dir_.empty()) return Status::Ok();
  Status status = Store(key, pyc);
  std::lock_guard<std::mutex> lock(mu_);
  if (!status.ok()) {
    ++stats_.store_errors;
    return status.WithContext("compile cache '" + dir_ + "': cannot store '" +
                              std::string(dfile) + "'");
  }
  ++stats_.stores;
  return Status::Ok();
}

Status CompileCache::SealLocked(bool compact) {
  std::unique_ptr<PackWriter> writer = std::move(writer_);
  PYCPACK_RETURN_IF_ERROR(writer->Seal());
  packs_.AddPack(writer->path());
  // Only the packs' number is at stake: a failure costs disk space.
  if (compact) CompactPacks(fs_, PackDir(), kMaxPacks, Nonce());
  return Status::Ok();
}

Status CompileCache::Flush() {
  std::lock_guard<std::mutex> lock(write_mu_);
  if (!writer_) return Status::Ok();
  return SealLocked(true).WithContext("compile cache '" + dir_ + "'");
}

CacheStats CompileCache::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

}  // namespace pycpack
