// The source hash against values computed by every CPython 3.8-3.15
// (importlib.util.source_hash, recorded in testdata/inspect/expected.json).
#include "inspect/source_hash.h"

#include <gtest/gtest.h>

#include "samples.h"
#include "util/hex.h"

namespace pycpack::inspect {
namespace {

using inspect_test::Expected;
using inspect_test::Unhex;

TEST(SourceHashTest, MatchesEveryInterpreter) {
  ASSERT_EQ(Expected()["versions"].size(), 8u) << "testdata/inspect should cover 3.8-3.15";
  for (const auto& [name, version] : Expected()["versions"].items()) {
    const std::string magic = Unhex(version["magic_hex"]);
    Result<const marshal::CodeLayout*> layout = marshal::CodeLayoutForMagic(version["magic"]);
    ASSERT_TRUE(layout.ok()) << name;
    ASSERT_GE(version["siphash"].size(), 19u);  // lengths 0-17 and one long input
    for (const auto& pair : version["siphash"]) {
      Result<std::string> hash = PycSourceHash(magic, **layout, Unhex(pair[0]));
      ASSERT_TRUE(hash.ok()) << hash.status().message();
      EXPECT_EQ(HexEncode(*hash), pair[1].get<std::string>())
          << name << ", input of " << pair[0].get<std::string>().size() / 2 << " bytes";
    }
  }
}

TEST(SourceHashTest, RoundsDecideTheHash) {
  // 3.11's hash of "" is SipHash-1-3; the same key with 2-4 rounds differs.
  const nlohmann::json& v311 = Expected()["versions"]["3.11"];
  const uint64_t key = 0x0a0d0da7;  // a7 0d 0d 0a, little endian
  ASSERT_EQ(v311["magic_hex"], "a70d0d0a");
  ASSERT_EQ(v311["siphash"][0][0], "");
  Result<std::string> h13 = KeyedHash(key, 1, 3, "");
  Result<std::string> h24 = KeyedHash(key, 2, 4, "");
  ASSERT_TRUE(h13.ok() && h24.ok());
  EXPECT_EQ(HexEncode(*h13), v311["siphash"][0][1].get<std::string>());
  EXPECT_NE(*h13, *h24);
}

TEST(SourceHashTest, KeyIsTheMagicZeroExtended) {
  // The key is the 4 magic bytes as a little-endian number: other bytes in
  // the upper half give another hash.
  Result<std::string> a = KeyedHash(0x0a0d0da7, 1, 3, "x = 1\n");
  Result<std::string> b = KeyedHash(0xff000000'0a0d0da7ULL, 1, 3, "x = 1\n");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 8u);
  EXPECT_NE(*a, *b);
}

}  // namespace
}  // namespace pycpack::inspect
