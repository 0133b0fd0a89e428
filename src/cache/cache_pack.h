// The on-disk form of a pack: many compile-cache entries in one file, with an
// index so that a reader finds an entry without reading the others.
//
//   offset  size    field
//        0  8       magic "PYCPACK1" (pack format 1)
//        8  ...     entries, one after another, each in the format of
//                   cache/cache_entry.h (its own key, length and checksum)
//        X  48 * n  index: per entry its key (32 raw bytes), offset and
//                   length (uint64 little-endian each; the length covers the
//                   entry's header and payload), sorted by key, no key twice
//   X+48n   56      footer: X and n (uint64 little-endian each), SHA-256 of
//                   the index (raw digest), magic "PYCPKEND"
//
// A pack is written once, under a temporary name, and renamed to its final
// name only when complete: a pack is never changed once it has its name.
// The footer's checksum and bounds catch truncated or damaged indexes; each
// entry's own checksum catches damaged entries, which readers check when
// they read one. A file whose first 7 bytes are "PYCPACK" but whose version
// digit is not 1 belongs to another version of pycpack: not damage.
#ifndef PYCPACK_CACHE_CACHE_PACK_H_
#define PYCPACK_CACHE_CACHE_PACK_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pycpack/status.h"

namespace pycpack {

inline constexpr std::string_view kPackMagic = "PYCPACK1";
inline constexpr std::string_view kPackEndMagic = "PYCPKEND";
inline constexpr size_t kPackHeaderSize = 8;
inline constexpr size_t kPackIndexEntrySize = 32 + 8 + 8;
inline constexpr size_t kPackFooterSize = 8 + 8 + 32 + 8;

// A key as 32 raw bytes (CacheKeyBytes of its 64 hex digits).
using RawCacheKey = std::array<unsigned char, 32>;

// RawCacheKey of 64 hex digits. REQUIRES: IsCacheKey(hex).
RawCacheKey ToRawCacheKey(std::string_view hex);
// The 64 lowercase hex digits of |key|.
std::string ToHexCacheKey(const RawCacheKey& key);

struct PackIndexEntry {
  RawCacheKey key;
  uint64_t offset = 0;  // of the entry's header in the pack
  uint64_t length = 0;  // header and payload
};

// What the first kPackHeaderSize bytes of a file say it is.
enum class PackHeaderKind { kPack, kOtherVersion, kNotAPack };
PackHeaderKind ClassifyPackHeader(std::string_view header);

// The index and footer that end a pack whose entries |entries| end at
// |index_offset|; sorts |entries| by key. REQUIRES: keys are distinct.
std::string EncodePackIndex(std::vector<PackIndexEntry> entries,
                            uint64_t index_offset);

struct PackFooter {
  uint64_t index_offset = 0;
  uint64_t count = 0;
  std::string index_sha256;  // raw digest
};

// The footer |footer| (the last kPackFooterSize bytes of a pack of
// |file_size| bytes), or an IoError naming the first defect: bad magic, an
// index that would not end where the footer starts.
Result<PackFooter> DecodePackFooter(std::string_view footer,
                                    uint64_t file_size);

// The entries of |index| (the footer.count * kPackIndexEntrySize bytes at
// footer.index_offset), or an IoError: checksum mismatch, keys out of order
// or repeated, an entry outside the entries' area or too short for an entry
// header. Never crashes on any input.
Result<std::vector<PackIndexEntry>> DecodePackIndex(std::string_view index,
                                                    const PackFooter& footer);

}  // namespace pycpack

#endif  // PYCPACK_CACHE_CACHE_PACK_H_
