#include "cache/cache_pack.h"

#include <algorithm>
#include <cstring>

#include "cache/cache_entry.h"
#include "util/hex.h"
#include "util/sha256.h"

namespace pycpack {

RawCacheKey ToRawCacheKey(std::string_view hex) {
  RawCacheKey key{};
  std::string bytes = CacheKeyBytes(hex);
  std::memcpy(key.data(), bytes.data(), std::min(bytes.size(), key.size()));
  return key;
}

std::string ToHexCacheKey(const RawCacheKey& key) {
  return HexEncode(
      std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
}

PackHeaderKind ClassifyPackHeader(std::string_view header) {
  if (header.size() < kPackHeaderSize) return PackHeaderKind::kNotAPack;
  header = header.substr(0, kPackHeaderSize);
  if (header == kPackMagic) return PackHeaderKind::kPack;
  if (header.substr(0, 7) == kPackMagic.substr(0, 7) && header[7] >= '0' &&
      header[7] <= '9') {
    return PackHeaderKind::kOtherVersion;
  }
  return PackHeaderKind::kNotAPack;
}

std::string EncodePackIndex(std::vector<PackIndexEntry> entries,
                            uint64_t index_offset) {
  std::sort(entries.begin(), entries.end(),
            [](const PackIndexEntry& a, const PackIndexEntry& b) {
              return a.key < b.key;
            });
  std::string index;
  index.reserve(entries.size() * kPackIndexEntrySize + kPackFooterSize);
  for (const PackIndexEntry& e : entries) {
    index.append(reinterpret_cast<const char*>(e.key.data()), e.key.size());
    PutU64(&index, e.offset);
    PutU64(&index, e.length);
  }
  std::string digest = Sha256Raw(index);
  PutU64(&index, index_offset);
  PutU64(&index, entries.size());
  index += digest;
  index.append(kPackEndMagic);
  return index;
}

Result<PackFooter> DecodePackFooter(std::string_view footer,
                                    uint64_t file_size) {
  if (footer.size() != kPackFooterSize ||
      file_size < kPackHeaderSize + kPackFooterSize) {
    return IoError("too short for a pack (" + std::to_string(file_size) +
                   " bytes)");
  }
  if (footer.substr(kPackFooterSize - 8) != kPackEndMagic) {
    return IoError("bad end magic (truncated or damaged pack)");
  }
  PackFooter f;
  f.index_offset = GetU64(footer.substr(0, 8));
  f.count = GetU64(footer.substr(8, 8));
  f.index_sha256 = std::string(footer.substr(16, 32));
  const uint64_t index_end = file_size - kPackFooterSize;
  if (f.index_offset < kPackHeaderSize || f.index_offset > index_end ||
      f.count != (index_end - f.index_offset) / kPackIndexEntrySize ||
      (index_end - f.index_offset) % kPackIndexEntrySize != 0) {
    return IoError("index of " + std::to_string(f.count) + " entries at " +
                   std::to_string(f.index_offset) + " does not fit the " +
                   std::to_string(file_size) + " bytes of the pack");
  }
  return f;
}

Result<std::vector<PackIndexEntry>> DecodePackIndex(std::string_view index,
                                                    const PackFooter& footer) {
  if (index.size() != footer.count * kPackIndexEntrySize) {
    return IoError("index is " + std::to_string(index.size()) + " bytes, not " +
                   std::to_string(footer.count) + " entries");
  }
  if (Sha256Raw(index) != footer.index_sha256) {
    return IoError("index checksum mismatch");
  }
  std::vector<PackIndexEntry> entries(footer.count);
  for (size_t i = 0; i < entries.size(); ++i) {
    std::string_view raw = index.substr(i * kPackIndexEntrySize);
    PackIndexEntry& e = entries[i];
    std::memcpy(e.key.data(), raw.data(), e.key.size());
    e.offset = GetU64(raw.substr(32, 8));
    e.length = GetU64(raw.substr(40, 8));
    if (i > 0 && !(entries[i - 1].key < e.key)) {
      return IoError("index keys out of order at entry " + std::to_string(i));
    }
    if (e.offset < kPackHeaderSize || e.length < kCacheEntryHeaderSize ||
        e.offset > footer.index_offset ||
        e.length > footer.index_offset - e.offset) {
      return IoError("index entry " + std::to_string(i) + " (" +
                     std::to_string(e.length) + " bytes at " +
                     std::to_string(e.offset) + ") is outside the entries");
    }
  }
  return entries;
}

}  // namespace pycpack
