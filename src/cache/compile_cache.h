// A content-addressed cache of compiled .pyc files, shared by builds (and
// processes) that use the same directory.
//
// An entry's key is a SHA-256 over everything that decides the pyc's bytes:
// the cache format, the target interpreter, the version of the canonical
// marshal form, the request's options and the source bytes. Entries live in
// pack files, "<dir>/packs/<16 hex digits>.pack" (format: cache/cache_pack.h,
// each entry in the format of cache/cache_entry.h). Each CompileCache
// appends the entries it stores to one pack of its own, under a temporary
// name, and seals it (index written, file renamed into place) at Flush() or
// destruction; readers load the indexes of all packs at their first Get and
// read entries at their offsets. When more than kMaxPacks packs exist after
// a seal, they are merged into one (cache/pack_compaction.h). Entries of the
// one-file-per-entry layout of earlier versions ("<dir>/<2 hex>/<62 hex>")
// are ignored; their keys had another kFormatTag.
//
// The cache never fails a build: a missing, corrupt or foreign entry is a
// miss, and a failure to store is a Status the caller may report as a
// warning. Concurrent builds sharing a directory are safe: each writes its
// own pack; a reader sees whole packs or none, and a writer that crashed
// leaves only a temporary no reader opens (removed by a later build once its
// process is gone). Nothing is synced to disk: after a crash of the machine
// a pack may be damaged, which its checksums reveal (a miss and a warning).
//
//   CompileCache cache(fs, DefaultCacheDir(), compiler->info(), kCanonVersion);
//   std::string key = cache.Key(request);
//   if (auto pyc = cache.Get(key, request.dfile)) { ... use *pyc ... }
//   else { compile; if (Status s = cache.Put(key, request.dfile, pyc); !s.ok())
//   warn(s); }
#ifndef PYCPACK_CACHE_COMPILE_CACHE_H_
#define PYCPACK_CACHE_COMPILE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "cache/pack_set.h"
#include "cache/pack_writer.h"
#include "pycpack/compiler.h"
#include "pycpack/filesystem.h"
#include "pycpack/status.h"

namespace pycpack {

// Counters of one CompileCache since its construction.
struct CacheStats {
  size_t hits = 0;
  size_t misses = 0;   // Gets that returned nothing, |corrupt| included
  size_t corrupt = 0;  // misses where something unusable was found
  size_t stores = 0;   // successful Puts
  size_t store_errors = 0;
};

// The cache directory to use when none is configured:
// "$XDG_CACHE_HOME/pycpack" if XDG_CACHE_HOME is set to an absolute path
// (the XDG Base Directory spec ignores relative ones), else
// "$HOME/.cache/pycpack" if HOME is an absolute path, else "" (no cache).
std::string DefaultCacheDir();

class CompileCache {
 public:
  // Identifies this key derivation; changing how keys or entries are formed
  // requires a new tag, so old entries simply stop matching.
  static constexpr std::string_view kFormatTag = "pycpack-cache-2";
  // More packs than this after a seal make the sealing cache merge them.
  static constexpr size_t kMaxPacks = 16;

  // A cache in directory |dir| (created on the first Put, parents included)
  // for pycs made by |interp| in canonical marshal form |canonical_version|.
  // An empty |dir| disables the cache: Get always misses, Put does nothing.
  // REQUIRES: |fs| outlives the cache.
  CompileCache(FileSystem* fs, std::string dir, const InterpreterInfo& interp,
               int canonical_version);
  // Flush(), dropping its failure.
  ~CompileCache();

  CompileCache(const CompileCache&) = delete;
  CompileCache& operator=(const CompileCache&) = delete;

  // The key of |request| compiled by |target| (null: the interpreter given
  // to the constructor): 64 lowercase hex digits. It changes with the
  // interpreter's implementation, version, magic and cache tag, the canonical
  // version, and the request's optimize, strip_docstrings, invalidation,
  // dfile, source and hash_source; with nothing else. The |target|
  // arguments below work the same way.
  std::string Key(const CompileRequest& request,
                  const InterpreterInfo* target = nullptr) const;

  // The pyc stored for |request|, or nullopt on a miss. A miss never is an
  // error: when an entry exists but cannot be read or fails verification
  // (or, on the first misses after the packs are loaded, when a pack was
  // found damaged or unreadable) it is counted as corrupt and, if
  // |corruption| is not null, *corruption is set to an IoError naming
  // request.dfile, the pack and the defect (else left unchanged).
  std::optional<std::string> Get(const CompileRequest& request,
                                 Status* corruption = nullptr,
                                 const InterpreterInfo* target = nullptr);
  // The same for the request named |dfile| whose Key() is |key|, so that a
  // caller that also Puts computes the key once. REQUIRES: IsCacheKey(key).
  std::optional<std::string> Get(const std::string& key, std::string_view dfile,
                                 Status* corruption = nullptr);

  // Stores |pyc| for |request|; a later Get of this cache returns it at
  // once, other caches (and processes) once this one's pack is sealed. On
  // failure the returned IoError names the cache and the source
  // (request.dfile); entries stored earlier into the same pack may be lost
  // with it (the next Put starts a new pack), entries of sealed packs never.
  Status Put(const CompileRequest& request, std::string_view pyc,
             const InterpreterInfo* target = nullptr);
  // The same for the request named |dfile| whose Key() is |key|.
  // REQUIRES: IsCacheKey(key).
  Status Put(const std::string& key, std::string_view dfile,
             std::string_view pyc);

  // Seals this cache's pack, if it has one, making its entries visible to
  // everyone; the next Put starts a new pack. Then merges the directory's
  // packs if there are more than kMaxPacks. On failure (IoError naming the
  // cache) the pack's entries are lost; the cache stays usable.
  Status Flush();

  CacheStats stats() const;

  // Raw entries under a caller's key (IsCacheKey: 64 hex digits) for other
  // content-addressed data in the same directory, e.g. compressed pieces of
  // artifacts. Same packs, checks and visibility as Get/Put, not counted in
  // stats(). GetByKey returns nullopt for a missing or damaged entry;
  // PutByKey's failure only costs time.
  std::optional<std::string> GetByKey(const std::string& key);
  Status PutByKey(const std::string& key, std::string_view payload);
  // The normalised cache directory; "" when the cache is disabled.
  const std::string& dir() const { return dir_; }
  // The directory holding the packs: "<dir>/packs". REQUIRES: a cache dir.
  std::string PackDir() const;

  // Thread safety: every method may be called from several threads at once
  // if |fs| allows that (both FileSystem implementations do).

 private:
  // The payload stored under |key|: from this cache's unsealed pack, else
  // from the packs loaded at the first call. nullopt if there is none; an
  // IoError naming the pack if a copy exists but none is usable, or, if
  // |pack_problems|, when a pack was found unusable at load time.
  Result<std::optional<std::string>> Read(const std::string& key,
                                          bool pack_problems);
  // Appends |payload| under |key| to this cache's pack (started if needed).
  Status Store(const std::string& key, std::string_view payload);
  // Seals writer_ and adds it to packs_; then, if |compact|, merges the
  // directory's packs if there are too many. REQUIRES: write_mu_ held.
  Status SealLocked(bool compact);
  uint64_t Nonce();

  FileSystem* fs_;
  std::string dir_;
  InterpreterInfo interp_;
  int canonical_version_;
  PackSet packs_;

  std::mutex write_mu_;  // guards writer_; taken before packs_' lock
  std::unique_ptr<PackWriter> writer_;  // this cache's unsealed pack

  mutable std::mutex mu_;  // guards stats_ and rng_
  CacheStats stats_;
  std::mt19937_64 rng_;
};

}  // namespace pycpack

#endif  // PYCPACK_CACHE_COMPILE_CACHE_H_
