// Reading packs (cache/cache_pack.h): one pack at a time (OpenPackFile), and
// every sealed pack of a cache directory behind one index (PackSet).
#ifndef PYCPACK_CACHE_PACK_SET_H_
#define PYCPACK_CACHE_PACK_SET_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <vector>

#include "cache/cache_pack.h"
#include "pycpack/filesystem.h"
#include "pycpack/status.h"

namespace pycpack {

// A sealed pack opened for reading. The file stays open, so the pack stays
// readable after a compaction removes it.
struct OpenPack {
  std::string path;
  std::unique_ptr<RandomAccessFile> file;
  std::vector<PackIndexEntry> entries;  // sorted by key
};

struct PackOpening {
  enum Outcome {
    kOpened,        // |pack| is set
    kGone,          // nothing at the path (any more): a compaction removed it
    kOtherVersion,  // a pack of another pycpack version: leave it alone
    kDamaged,       // fails its checks (|problem|): it never will pass them
    kUnreadable,    // could not be read (|problem|), perhaps only this time
  };
  Outcome outcome = kGone;
  std::unique_ptr<OpenPack> pack;
  Status problem;  // an IoError naming the pack, for kDamaged, kUnreadable
};

// Opens the pack at |path| and checks its header, footer and index (not
// its entries: ReadPackEntry checks each one it reads).
PackOpening OpenPackFile(FileSystem* fs, const std::string& path);

// The encoded entry (cache/cache_entry.h) of |length| bytes at |offset| of
// |file| (the pack at |path|) after checking it against |key|, or an IoError
// naming the pack and the offset. The bytes include the entry's header.
Result<std::string> ReadPackEntry(const RandomAccessFile& file,
                                  const std::string& path, uint64_t offset,
                                  uint64_t length, const RawCacheKey& key);

// Every sealed pack of one directory, with one index over all of them.
// Thread-safe.
class PackSet {
 public:
  // REQUIRES: |fs| outlives this.
  PackSet(FileSystem* fs, std::string dir);

  // Opens every pack in the directory, the first time only: packs sealed by
  // others later are not seen (except through AddPack). A pack that
  // disappears between listing and opening makes it list again. Damaged
  // packs are removed, and they and unreadable ones are kept as problems
  // (TakeProblem); temporaries of processes that no longer exist are
  // removed.
  void LoadOnce();
  // Adds the pack at |path|, sealed by this process, if LoadOnce has run
  // (else LoadOnce will find it). Unusable packs are ignored.
  void AddPack(const std::string& path);

  // The payload stored under |key|: nullopt when no pack holds it; an
  // IoError naming the pack when every copy found is damaged or unreadable.
  // REQUIRES: LoadOnce has run.
  Result<std::optional<std::string>> Get(const RawCacheKey& key) const;

  // One problem found by LoadOnce not taken yet, or Ok.
  Status TakeProblem();
  // How many packs are open.
  size_t size() const;

 private:
  struct Slot {
    RawCacheKey key;
    uint32_t pack;    // index in packs_
    uint32_t length;  // of the encoded entry
    uint64_t offset;
  };
  // Takes in |pack|'s index. REQUIRES: mu_ held exclusively.
  void AddLocked(std::unique_ptr<OpenPack> pack);
  // Handles what OpenPackFile said about |path|; true if it was gone.
  bool HandleLocked(const std::string& path, PackOpening opening);

  FileSystem* fs_;
  std::string dir_;
  mutable std::shared_mutex mu_;
  bool loaded_ = false;
  std::set<std::string> seen_;  // paths of packs looked at
  struct Pack {
    std::string path;
    std::unique_ptr<RandomAccessFile> file;
  };
  std::vector<std::unique_ptr<Pack>> packs_;  // never shrinks
  std::vector<Slot> slots_;                   // sorted by key, then pack
  std::vector<Status> problems_;
};

}  // namespace pycpack

#endif  // PYCPACK_CACHE_PACK_SET_H_
