// A content-addressed cache of compiled .pyc files, shared by builds (and
// processes) that use the same directory.
//
// An entry's key is a SHA-256 over everything that decides the pyc's bytes:
// the cache format, the target interpreter, the version of the canonical
// marshal form, the request's options and the source bytes. Entries live in
// <dir>/<first 2 hex digits of the key>/<other 62 digits>, each one file in
// the format of cache/cache_entry.h.
//
// The cache never fails a build: a missing, corrupt or foreign entry is a
// miss, and a failure to store is a Status the caller may report as a
// warning. Stores are atomic (a temp file in the entry's directory renamed
// over the entry), so concurrent builds sharing a directory are safe: a
// reader sees a whole entry or none, and the last writer wins with the same
// bytes.
//
//   CompileCache cache(fs, DefaultCacheDir(), compiler->info(), kCanonVersion);
//   if (auto pyc = cache.Get(request)) { ... use *pyc ... }
//   else { compile; if (Status s = cache.Put(request, pyc); !s.ok()) warn(s); }
#ifndef PYCPACK_CACHE_COMPILE_CACHE_H_
#define PYCPACK_CACHE_COMPILE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "pycpack/compiler.h"
#include "pycpack/filesystem.h"
#include "pycpack/status.h"

namespace pycpack {

// Counters of one CompileCache since its construction.
struct CacheStats {
  size_t hits = 0;
  size_t misses = 0;   // Gets that returned nothing, |corrupt| included
  size_t corrupt = 0;  // misses where something unusable was at the entry
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
  static constexpr std::string_view kFormatTag = "pycpack-cache-1";

  // A cache in directory |dir| (created on the first Put, parents included)
  // for pycs made by |interp| in canonical marshal form |canonical_version|.
  // An empty |dir| disables the cache: Get always misses, Put does nothing.
  // REQUIRES: |fs| outlives the cache.
  CompileCache(FileSystem* fs, std::string dir, const InterpreterInfo& interp,
               int canonical_version);

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
  // error: when an entry exists but cannot be read or fails verification it
  // is counted as corrupt and, if |corruption| is not null, *corruption is
  // set to an IoError naming the entry and the defect (else left unchanged).
  std::optional<std::string> Get(const CompileRequest& request,
                                 Status* corruption = nullptr,
                                 const InterpreterInfo* target = nullptr);

  // Stores |pyc| for |request|, replacing whatever is at its entry (a
  // corrupt file, even a directory). On failure nothing is left behind but
  // possibly the missing directories created, the entry is as before, and
  // the returned IoError names the path and the source (request.dfile).
  Status Put(const CompileRequest& request, std::string_view pyc,
             const InterpreterInfo* target = nullptr);

  CacheStats stats() const;

  // Raw entries under a caller's key (IsCacheKey: 64 hex digits) for other
  // content-addressed data in the same directory, e.g. compressed pieces of
  // artifacts. Same entry format, checks and atomic stores as Get/Put, not
  // counted in stats(). GetByKey returns nullopt for a missing or damaged
  // entry; PutByKey's failure only costs time.
  std::optional<std::string> GetByKey(const std::string& key);
  Status PutByKey(const std::string& key, std::string_view payload);
  // The normalised cache directory; "" when the cache is disabled.
  const std::string& dir() const { return dir_; }
  // The file holding the entry for |key|. REQUIRES: IsCacheKey(key).
  std::string EntryPath(std::string_view key) const;

  // Thread safety: every method may be called from several threads at once
  // if |fs| allows that (both FileSystem implementations do).

 private:
  // The payload of the entry for |key|; nullopt if there is no entry; an
  // IoError naming the entry if it exists but cannot be read or verified.
  Result<std::optional<std::string>> ReadEntry(const std::string& key);
  // Makes sure the entry directory |shard| exists, replacing a non-directory
  // there; the cache directory and its parents are created if missing.
  Status EnsureShard(const std::string& shard);
  // A name in the entry's directory no other writer uses: the entry path +
  // ".tmp.<pid>.<random>".
  std::string TempPathFor(const std::string& entry);
  Status WriteFile(const std::string& path, std::string_view data);
  Status Install(const std::string& temp, const std::string& entry);

  FileSystem* fs_;
  std::string dir_;
  InterpreterInfo interp_;
  int canonical_version_;

  mutable std::mutex mu_;  // guards stats_ and rng_
  CacheStats stats_;
  std::mt19937_64 rng_;
};

}  // namespace pycpack

#endif  // PYCPACK_CACHE_COMPILE_CACHE_H_
