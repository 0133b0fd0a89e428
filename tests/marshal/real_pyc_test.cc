// Pycs written by real interpreters (testdata/, made by make_samples.py from
// testdata/sample.py and, for 3.14+, testdata/sample314.py in two process
// histories).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "marshal/canonical.h"
#include "marshal/layout.h"
#include "marshal/reader.h"

namespace pycpack {
namespace {

std::string ReadTestData(const std::string& name) {
  std::ifstream in(std::string(PYCPACK_SOURCE_DIR) + "/tests/marshal/testdata/" + name,
                   std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A sample's file stem and the CPython version that compiled it.
struct Sample {
  const char* stem;
  const char* version;
};

class RealPycTest : public ::testing::TestWithParam<Sample> {
 protected:
  void SetUp() override {
    const std::string base = std::string(GetParam().stem) + "-" + GetParam().version;
    raw_a_ = ReadTestData(base + "-a.pyc.bin");
    raw_b_ = ReadTestData(base + "-b.pyc.bin");
    golden_ = ReadTestData(base + ".canon.bin");
    ASSERT_GT(raw_a_.size(), 16u);
    ASSERT_GT(raw_b_.size(), 16u);
    ASSERT_GT(golden_.size(), 16u);
  }
  std::string raw_a_, raw_b_, golden_;
};

TEST_P(RealPycTest, BothHistoriesGiveTheGoldenBytes) {
  Result<std::string> a = CanonicalizePyc(raw_a_);
  Result<std::string> b = CanonicalizePyc(raw_b_);
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_TRUE(a.value() == golden_)
      << "the canonical form changed; if on purpose, bump kCanonicalFormVersion and "
         "regenerate with tests/marshal/testdata/make_samples.py";
  EXPECT_TRUE(b.value() == golden_);
  EXPECT_EQ(a.value().substr(0, 16), raw_a_.substr(0, 16));  // header kept
}

TEST_P(RealPycTest, CanonicalIsAFixedPointAndRawIsNot) {
  Result<bool> golden = IsCanonicalPyc(golden_);
  ASSERT_TRUE(golden.ok()) << golden.status().message();
  EXPECT_TRUE(golden.value());
  // CPython sets FLAG_REF on objects that are never referred to again.
  Result<bool> raw = IsCanonicalPyc(raw_a_);
  ASSERT_TRUE(raw.ok());
  EXPECT_FALSE(raw.value());
}

TEST_P(RealPycTest, AnotherVersionsMagicIsRejected) {
  std::string wrong = raw_a_;
  const std::string v = GetParam().version;
  const bool old = v == "3.8" || v == "3.9" || v == "3.10";
  const uint16_t other = old ? 3571 : 3413;  // 3.13 layout for old pycs, 3.8 for new
  wrong[0] = static_cast<char>(other & 0xff);
  wrong[1] = static_cast<char>(other >> 8);
  EXPECT_FALSE(CanonicalizePyc(wrong).ok());
}

INSTANTIATE_TEST_SUITE_P(
    Versions, RealPycTest,
    ::testing::Values(Sample{"sample", "3.8"}, Sample{"sample", "3.9"}, Sample{"sample", "3.10"},
                      Sample{"sample", "3.11"}, Sample{"sample", "3.12"},
                      Sample{"sample", "3.13"}, Sample{"sample", "3.14"},
                      Sample{"sample", "3.15"}, Sample{"sample314", "3.14"},
                      Sample{"sample314", "3.15"}),
    [](const auto& info) {
      std::string v = info.param.version;
      v.erase(1, 1);
      return std::string(info.param.stem) + "_Python" + v;
    });

// sample314.py folds five distinct slice constants (seq[1:2], seq[::3],
// "a":"b", seq[:10], value[0:1]); the canonical form keeps them.
TEST(RealPycSliceTest, SliceConstantsSurvive) {
  for (const char* v : {"3.14", "3.15"}) {
    const std::string golden = ReadTestData(std::string("sample314-") + v + ".canon.bin");
    ASSERT_GT(golden.size(), 16u);
    const uint16_t magic = static_cast<uint16_t>(static_cast<uint8_t>(golden[0]) |
                                                 (static_cast<uint8_t>(golden[1]) << 8));
    Result<const marshal::CodeLayout*> layout = marshal::CodeLayoutForMagic(magic);
    ASSERT_TRUE(layout.ok()) << layout.status().message();
    EXPECT_EQ((*layout)->python, std::string(v));
    Result<marshal::ObjectGraph> graph = marshal::ReadMarshal(golden.substr(16), **layout, 16);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    int slices = 0;
    for (const marshal::Node& n : graph->nodes) slices += n.kind == marshal::NodeKind::kSlice;
    EXPECT_EQ(slices, 5) << v;
  }
}

// In 3.8-3.10, FLAG_REF on interned names follows their reference counts,
// so merely importing modules first changes the bytes.
TEST(RealPycHistoryTest, RawBytesDependOnProcessHistory) {
  EXPECT_NE(ReadTestData("sample-3.8-a.pyc.bin"), ReadTestData("sample-3.8-b.pyc.bin"));
  EXPECT_NE(ReadTestData("sample-3.10-a.pyc.bin"), ReadTestData("sample-3.10-b.pyc.bin"));
}

}  // namespace
}  // namespace pycpack
