// Writes one pack (cache/cache_pack.h): entries are appended to a temporary
// file next to the pack's final name, and Seal writes the index, then renames
// the file to that name. Until then no reader trusts it: readers only open
// names ending in kPackSuffix, and a temporary never has one.
//
//   Result<std::unique_ptr<PackWriter>> w = PackWriter::Create(fs, dir, nonce);
//   (*w)->Add(key, payload);  ...  (*w)->Seal();
//
// Appends are buffered (kPackWriteBuffer bytes) and never synced: a sealed
// pack is complete or absent for every reader, but a crash of the machine
// soon after may leave it damaged, which its checksums reveal.
#ifndef PYCPACK_CACHE_PACK_WRITER_H_
#define PYCPACK_CACHE_PACK_WRITER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cache/cache_pack.h"
#include "pycpack/filesystem.h"
#include "pycpack/status.h"

namespace pycpack {

inline constexpr std::string_view kPackSuffix = ".pack";
// Written entries are collected up to this many bytes before an Append.
inline constexpr size_t kPackWriteBuffer = 1u << 20;

// A temporary is named "<final name>.tmp.<pid>.<16 hex digits>".
inline constexpr std::string_view kPackTempInfix = ".tmp.";

// Hashes a key for unordered containers (any 8 bytes of a digest will do).
struct RawCacheKeyHash {
  size_t operator()(const RawCacheKey& key) const;
};

class PackWriter {
 public:
  // Starts the pack "<dir>/<16 hex digits of nonce>.pack" as the temporary
  // "<that>.tmp.<pid>.<16 hex digits of nonce>", creating |dir| (and its
  // parents) if missing and replacing a non-directory at |dir| itself.
  // REQUIRES: |fs| outlives the writer.
  static Result<std::unique_ptr<PackWriter>> Create(FileSystem* fs,
                                                    const std::string& dir,
                                                    uint64_t nonce);
  // Removes the temporary unless Seal succeeded.
  ~PackWriter();

  PackWriter(const PackWriter&) = delete;
  PackWriter& operator=(const PackWriter&) = delete;

  // Appends |payload| as the entry for |key| (a later Add of the same key
  // wins). An error means the file is in an unknown state: the writer is
  // then unusable (every later call fails) and should be destroyed.
  Status Add(const RawCacheKey& key, std::string_view payload);
  // Appends |entry|, an encoded entry (cache/cache_entry.h) for |key| that
  // the caller has checked. Same contract as Add.
  Status AddEncoded(const RawCacheKey& key, std::string_view entry);

  enum class Lookup { kAbsent, kBuffered, kWritten };
  // Whether this pack holds |key|: kBuffered (then *entry is set to the
  // encoded entry) while it is still in the write buffer, kWritten once it
  // has been handed to the file (readable only after Seal).
  Lookup Find(const RawCacheKey& key, std::string* entry) const;

  // Completes the pack and gives it its final name. On failure the
  // temporary is removed. Either way the writer is done.
  Status Seal();

  // The pack's final path.
  const std::string& path() const { return path_; }

 private:
  PackWriter(FileSystem* fs, std::string path, std::string temp_path,
             std::unique_ptr<WritableFile> file);
  Status FlushBuffer();
  void Fail();

  FileSystem* fs_;
  std::string path_;
  std::string temp_path_;
  std::unique_ptr<WritableFile> file_;  // null once sealed or failed
  uint64_t written_ = kPackHeaderSize;  // bytes handed to file_
  std::string buffer_;                  // follows the written bytes
  struct Location {
    uint64_t offset;
    uint64_t length;
  };
  std::unordered_map<RawCacheKey, Location, RawCacheKeyHash> index_;
  bool sealed_ = false;
};

// True for the name (not path) of a pack file: "<something>.pack".
bool IsPackName(std::string_view name);
// The process id in the name of a pack temporary, or -1 if |name| is not
// one.
long PackTempOwner(std::string_view name);
// Removes the temporaries among |names| (of directory |dir|) whose process
// no longer exists: writers killed before they could clean up. Best effort.
void RemoveDeadTemporaries(FileSystem* fs, const std::string& dir,
                           const std::vector<std::string>& names);

}  // namespace pycpack

#endif  // PYCPACK_CACHE_PACK_WRITER_H_
