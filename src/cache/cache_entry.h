// The on-disk form of one compile-cache entry: a fixed header followed by the
// payload (a complete .pyc file, or another cached blob, treated as opaque
// bytes). Entries are stored one after another in pack files
// (cache/cache_pack.h).
//
//   offset  size  field
//        0     6  magic "PYCC1\0" (format version 1)
//        6     8  payload length, uint64 little-endian
//       14    32  SHA-256 of the payload (raw digest)
//       46    32  the entry's key (raw SHA-256 digest, see CompileCache::Key)
//       78     n  payload
//
// The key in the header makes an entry found at another key's place
// unusable; the length and checksum catch truncated, extended or damaged
// entries. Anything that fails a check is not an entry.
#ifndef PYCPACK_CACHE_CACHE_ENTRY_H_
#define PYCPACK_CACHE_CACHE_ENTRY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pycpack/status.h"

namespace pycpack {

inline constexpr std::string_view kCacheEntryMagic{"PYCC1\0", 6};
inline constexpr size_t kCacheEntryHeaderSize = 6 + 8 + 32 + 32;

// |v| as 8 bytes little-endian, appended to |out|; and read back from the
// first 8 bytes of |bytes| (REQUIRES: at least 8). The byte order of every
// number in entries and packs.
void PutU64(std::string* out, uint64_t v);
uint64_t GetU64(std::string_view bytes);

// True if |key| is 64 lowercase hex digits (the form CompileCache::Key has).
bool IsCacheKey(std::string_view key);

// The 32 raw bytes of |key|. REQUIRES: IsCacheKey(key).
std::string CacheKeyBytes(std::string_view key);

// The entry for |payload| stored under |key|.
// REQUIRES: IsCacheKey(key).
std::string EncodeCacheEntry(std::string_view key, std::string_view payload);

// The payload of entry |bytes| expected under |key|, or an IoError
// describing the first defect found ("bad magic", "stored under key ...",
// "payload length ...", "payload checksum mismatch"). Never crashes on any
// input. REQUIRES: IsCacheKey(key).
Result<std::string> DecodeCacheEntry(std::string_view bytes,
                                     std::string_view key);
// DecodeCacheEntry's checks alone: Ok if |bytes| is a good entry for |key|.
Status CheckCacheEntry(std::string_view bytes, std::string_view key);

}  // namespace pycpack

#endif  // PYCPACK_CACHE_CACHE_ENTRY_H_
