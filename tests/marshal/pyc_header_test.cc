// The one pyc-header module (include/pycpack/pyc.h): writing and reading.
#include "pycpack/pyc.h"

#include <gtest/gtest.h>

#include <string>

namespace pycpack {
namespace {

const std::string kMagic("\xa7\x0d\r\n", 4);
const std::string kHash("\x01\x02\x03\x04\x05\x06\x07\x08", 8);

// A header with magic 3495 (3.11), |flags| and bytes 8-15 = 1..8.
std::string Header(uint32_t flags) {
  std::string h = "\xa7\x0d\r\n";
  for (int i = 0; i < 4; ++i) h.push_back(static_cast<char>(flags >> (8 * i)));
  for (char c = 1; c <= 8; ++c) h.push_back(c);
  return h;
}

TEST(PycHeaderTest, ReadsEveryField) {
  Result<PycHeader> h = ParsePycHeader(Header(3) + "c...");
  ASSERT_TRUE(h.ok()) << h.status().message();
  EXPECT_EQ(h->magic, 3495);
  EXPECT_EQ(h->magic_bytes, "\xa7\x0d\r\n");
  EXPECT_EQ(h->flags, 3u);
  EXPECT_EQ(h->invalidation, Invalidation::kCheckedHash);
  EXPECT_EQ(h->source_hash, "\x01\x02\x03\x04\x05\x06\x07\x08");
  EXPECT_EQ(h->mtime, 0x04030201u);
  EXPECT_EQ(h->source_size, 0x08070605u);
}

TEST(PycHeaderTest, FlagsGiveTheInvalidationMode) {
  EXPECT_EQ(ParsePycHeader(Header(0))->invalidation, Invalidation::kTimestamp);
  EXPECT_EQ(ParsePycHeader(Header(1))->invalidation, Invalidation::kUncheckedHash);
  EXPECT_EQ(ParsePycHeader(Header(3))->invalidation, Invalidation::kCheckedHash);
  for (uint32_t bad : {2u, 4u, 5u, 7u, 0x100u, 0xffffffffu}) {
    Result<PycHeader> h = ParsePycHeader(Header(bad));
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->invalidation, Invalidation::kInvalid) << bad;
    EXPECT_EQ(h->flags, bad);
  }
  EXPECT_STREQ(InvalidationName(Invalidation::kUncheckedHash), "unchecked-hash");
  EXPECT_STREQ(InvalidationName(Invalidation::kInvalid), "invalid");
}

TEST(PycHeaderTest, TruncatedHeader) {
  const std::string full = Header(3);
  for (size_t n = 0; n < 16; ++n) {
    Result<PycHeader> h = ParsePycHeader(full.substr(0, n));
    ASSERT_FALSE(h.ok()) << n;
    EXPECT_EQ(h.status().message(),
              "truncated header: " + std::to_string(n) + " bytes, a pyc header has 16");
  }
  EXPECT_TRUE(ParsePycHeader(full).ok());  // a header alone is a header
}

TEST(PycHeaderTest, BadMagic) {
  std::string h = Header(3);
  h[3] = '\0';
  Result<PycHeader> r = ParsePycHeader(h);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "bad magic: a70d0d00 does not end in \\r\\n");
}

TEST(PycFlagsTest, MatchPep552) {
  EXPECT_EQ(PycFlagsFor(Invalidation::kUncheckedHash), 0b01u);
  EXPECT_EQ(PycFlagsFor(Invalidation::kCheckedHash), 0b11u);
}

TEST(MakePycHeaderTest, LaysOutMagicFlagsHash) {
  std::string header = MakePycHeader(kMagic, Invalidation::kCheckedHash, kHash);
  EXPECT_EQ(header, kMagic + std::string("\x03\0\0\0", 4) + kHash);
  header = MakePycHeader(kMagic, Invalidation::kUncheckedHash, kHash);
  EXPECT_EQ(header, kMagic + std::string("\x01\0\0\0", 4) + kHash);
  EXPECT_EQ(header.size(), kPycHeaderSize);
}

TEST(ParsePycHeaderTest, RoundTripsWithMarshalDataAfter) {
  for (Invalidation mode :
       {Invalidation::kCheckedHash, Invalidation::kUncheckedHash}) {
    std::string pyc = MakePycHeader(kMagic, mode, kHash) + "\xe3rest";
    Result<PycHeader> header = ParsePycHeader(pyc);
    ASSERT_TRUE(header.ok()) << header.status().message();
    EXPECT_EQ(header->magic_bytes, kMagic);
    EXPECT_EQ(header->flags, PycFlagsFor(mode));
    EXPECT_EQ(header->source_hash, kHash);
  }
}

}  // namespace
}  // namespace pycpack
