#include "cache/cache_entry.h"

#include <gtest/gtest.h>

#include <string>

#include "util/sha256.h"

namespace pycpack {
namespace {

const std::string kKey(64, 'a');
const std::string kOtherKey =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const std::string kPayload("\xa7\x0d\r\n\x01\0\0\0payload\0bytes", 20);

TEST(CacheEntryTest, RoundTrips) {
  for (const std::string& payload :
       {std::string(), kPayload, std::string(100000, '\xff')}) {
    Result<std::string> decoded =
        DecodeCacheEntry(EncodeCacheEntry(kKey, payload), kKey);
    ASSERT_TRUE(decoded.ok()) << decoded.status().message();
    EXPECT_EQ(*decoded, payload);
  }
}

TEST(CacheEntryTest, HeaderLayout) {
  std::string entry = EncodeCacheEntry(kOtherKey, kPayload);
  ASSERT_EQ(entry.size(), kCacheEntryHeaderSize + kPayload.size());
  EXPECT_EQ(kCacheEntryHeaderSize, 78u);
  EXPECT_EQ(entry.substr(0, 6), std::string("PYCC1\0", 6));
  EXPECT_EQ(entry.substr(6, 8), std::string("\x14\0\0\0\0\0\0\0", 8));
  std::string checksum_hex;
  for (unsigned char c : entry.substr(14, 32)) {
    char buf[3];
    snprintf(buf, sizeof buf, "%02x", c);
    checksum_hex += buf;
  }
  EXPECT_EQ(checksum_hex, Sha256Hex(kPayload));
  EXPECT_EQ(entry.substr(46, 4), "\x01\x23\x45\x67");
  EXPECT_EQ(entry.substr(78), kPayload);
}

TEST(CacheEntryTest, EveryTruncationIsRejected) {
  std::string entry = EncodeCacheEntry(kKey, kPayload);
  for (size_t n = 0; n < entry.size(); ++n) {
    EXPECT_FALSE(DecodeCacheEntry(entry.substr(0, n), kKey).ok()) << n;
  }
}

TEST(CacheEntryTest, EveryFlippedBitIsRejected) {
  const std::string entry = EncodeCacheEntry(kKey, kPayload);
  for (size_t i = 0; i < entry.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string damaged = entry;
      damaged[i] = static_cast<char>(damaged[i] ^ (1 << bit));
      EXPECT_FALSE(DecodeCacheEntry(damaged, kKey).ok())
          << "byte " << i << " bit " << bit;
    }
  }
}

TEST(CacheEntryTest, ExtraBytesAreRejected) {
  Result<std::string> r =
      DecodeCacheEntry(EncodeCacheEntry(kKey, kPayload) + "x", kKey);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "payload length 20 does not match the 21 bytes present");
}

TEST(CacheEntryTest, WrongLengthFieldIsRejected) {
  std::string entry = EncodeCacheEntry(kKey, kPayload);
  entry[6] = 19;
  Result<std::string> r = DecodeCacheEntry(entry, kKey);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "payload length 19 does not match the 20 bytes present");
  entry[6] = 20;
  entry[13] = '\x80';  // a length near 2^64 must not overflow anything
  EXPECT_FALSE(DecodeCacheEntry(entry, kKey).ok());
}

TEST(CacheEntryTest, DamagedPayloadFailsTheChecksum) {
  std::string entry = EncodeCacheEntry(kKey, kPayload);
  entry.back() ^= 1;
  Result<std::string> r = DecodeCacheEntry(entry, kKey);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kIo);
  EXPECT_EQ(r.status().message(), "payload checksum mismatch");
}

TEST(CacheEntryTest, EntryOfAnotherKeyIsRejected) {
  Result<std::string> r =
      DecodeCacheEntry(EncodeCacheEntry(kOtherKey, kPayload), kKey);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "entry was stored under key " + kOtherKey);
}

TEST(CacheEntryTest, ForeignFilesAreRejected) {
  std::string other_format = EncodeCacheEntry(kKey, kPayload);
  other_format[4] = '2';  // "PYCC2": a later format
  for (const std::string& bytes :
       {std::string(), std::string("garbage"), std::string(200, '\0'),
        std::string(kPayload) + std::string(100, 'x'), other_format}) {
    Result<std::string> r = DecodeCacheEntry(bytes, kKey);
    EXPECT_FALSE(r.ok()) << bytes.size();
  }
  EXPECT_EQ(DecodeCacheEntry(other_format, kKey).status().message(),
            "bad magic (not a pycpack cache entry of format 1)");
  EXPECT_EQ(DecodeCacheEntry("garbage", kKey).status().message(),
            "entry too short for its header (7 bytes)");
}

TEST(CacheEntryTest, IsCacheKey) {
  EXPECT_TRUE(IsCacheKey(kKey));
  EXPECT_TRUE(IsCacheKey(kOtherKey));
  EXPECT_FALSE(IsCacheKey(""));
  EXPECT_FALSE(IsCacheKey(kKey.substr(1)));
  EXPECT_FALSE(IsCacheKey(kKey + "a"));
  EXPECT_FALSE(IsCacheKey(std::string(64, 'A')));
  EXPECT_FALSE(IsCacheKey(std::string(63, 'a') + "g"));
  EXPECT_FALSE(IsCacheKey(std::string(63, 'a') + "/"));
}

}  // namespace
}  // namespace pycpack
