#include "cache/cache_entry.h"

#include <cstdint>

#include "util/hex.h"
#include "util/sha256.h"

namespace pycpack {
namespace {

constexpr size_t kLengthOffset = 6;
constexpr size_t kChecksumOffset = 14;
constexpr size_t kKeyOffset = 46;
constexpr size_t kDigestSize = 32;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

uint64_t GetU64(std::string_view bytes) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) {
    v = (v << 8) | static_cast<unsigned char>(bytes[static_cast<size_t>(i)]);
  }
  return v;
}

std::string CacheKeyBytes(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] =
        static_cast<char>(HexValue(hex[2 * i]) * 16 + HexValue(hex[2 * i + 1]));
  }
  return out;
}

bool IsCacheKey(std::string_view key) {
  if (key.size() != 2 * kDigestSize) return false;
  for (char c : key) {
    if (HexValue(c) < 0) return false;
  }
  return true;
}

std::string EncodeCacheEntry(std::string_view key, std::string_view payload) {
  std::string out;
  out.reserve(kCacheEntryHeaderSize + payload.size());
  out.append(kCacheEntryMagic);
  PutU64(&out, payload.size());
  out += Sha256Raw(payload);
  out += CacheKeyBytes(key);
  out.append(payload);
  return out;
}

Result<std::string> DecodeCacheEntry(std::string_view bytes,
                                     std::string_view key) {
  PYCPACK_RETURN_IF_ERROR(CheckCacheEntry(bytes, key));
  return std::string(bytes.substr(kCacheEntryHeaderSize));
}

Status CheckCacheEntry(std::string_view bytes, std::string_view key) {
  if (bytes.size() < kCacheEntryHeaderSize) {
    return IoError("entry too short for its header (" +
                   std::to_string(bytes.size()) + " bytes)");
  }
  if (bytes.substr(0, kCacheEntryMagic.size()) != kCacheEntryMagic) {
    return IoError("bad magic (not a pycpack cache entry of format 1)");
  }
  std::string_view stored_key = bytes.substr(kKeyOffset, kDigestSize);
  if (stored_key != CacheKeyBytes(key)) {
    return IoError("entry was stored under key " + HexEncode(stored_key));
  }
  const uint64_t length = GetU64(bytes.substr(kLengthOffset, 8));
  const uint64_t present = bytes.size() - kCacheEntryHeaderSize;
  if (length != present) {
    return IoError("payload length " + std::to_string(length) +
                   " does not match the " + std::to_string(present) +
                   " bytes present");
  }
  if (Sha256Raw(bytes.substr(kCacheEntryHeaderSize)) !=
      bytes.substr(kChecksumOffset, kDigestSize)) {
    return IoError("payload checksum mismatch");
  }
  return Status::Ok();
}

}  // namespace pycpack
