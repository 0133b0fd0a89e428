#include "pycpack/pyc.h"

#include <gtest/gtest.h>

#include <string>

namespace pycpack {
namespace {

const std::string kMagic("\xa7\x0d\r\n", 4);
const std::string kHash("\x01\x02\x03\x04\x05\x06\x07\x08", 8);

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
    EXPECT_EQ(header->magic, kMagic);
    EXPECT_EQ(header->flags, PycFlagsFor(mode));
    EXPECT_EQ(header->source_hash, kHash);
  }
}

TEST(ParsePycHeaderTest, AcceptsTimestampPycs) {
  std::string pyc = kMagic + std::string(4, '\0') + "mtimsize";
  Result<PycHeader> header = ParsePycHeader(pyc);
  ASSERT_TRUE(header.ok()) << header.status().message();
  EXPECT_EQ(header->flags, kPycFlagTimestamp);
  EXPECT_EQ(header->source_hash, "mtimsize");
}

TEST(ParsePycHeaderTest, RejectsShortInput) {
  std::string header = MakePycHeader(kMagic, Invalidation::kCheckedHash, kHash);
  Result<PycHeader> parsed = ParsePycHeader(header.substr(0, 15));
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("too short: 15 bytes"),
            std::string::npos)
      << parsed.status().message();
  EXPECT_FALSE(ParsePycHeader("").ok());
}

TEST(ParsePycHeaderTest, RejectsMagicWithoutCrLf) {
  std::string pyc = "\xa7\x0d\n\r" + std::string("\x03\0\0\0", 4) + kHash;
  Result<PycHeader> parsed = ParsePycHeader(pyc);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("magic"), std::string::npos)
      << parsed.status().message();
}

TEST(ParsePycHeaderTest, RejectsUnknownFlags) {
  for (const char* flags : {"\x02\0\0\0", "\x04\0\0\0", "\x01\0\0\x80"}) {
    std::string pyc = kMagic + std::string(flags, 4) + kHash;
    Result<PycHeader> parsed = ParsePycHeader(pyc);
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.status().message().find("flags 0x"), std::string::npos)
        << parsed.status().message();
  }
}

TEST(ParsePycHeaderTest, ReportsFlagsValue) {
  std::string pyc = kMagic + std::string("\x02\0\0\x80", 4) + kHash;
  EXPECT_NE(ParsePycHeader(pyc).status().message().find("0x80000002"),
            std::string::npos);
}

}  // namespace
}  // namespace pycpack
