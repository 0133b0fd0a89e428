#include "build/unpacked_size.h"

#include <gtest/gtest.h>

namespace pycpack {
namespace {

TEST(UnpackedSizeTest, GroupsByDistributionElseTopLevelDirectoryOrModule) {
  UnpackedSize size({{"greet/__init__.py", "greet"}, {"greet-0.4.dist-info/RECORD", "greet"}});
  size.Add("greet/__init__.py", 100);
  size.Add("greet-0.4.dist-info/RECORD", 50);
  size.Add("pkg/a.py", 30);
  size.Add("pkg/sub/b.py", 30);
  size.Add("six.py", 10);
  size.Add("__pycache__/six.cpython-311.pyc", 15);
  EXPECT_EQ(size.total(), 235u);
  std::vector<std::pair<std::string, uint64_t>> want = {
      {"greet", 150}, {"pkg/", 60}, {"six.py", 25}};
  EXPECT_EQ(size.Biggest(5), want);
  EXPECT_EQ(size.Biggest(1).size(), 1u);
}

TEST(UnpackedSizeTest, WithinBudgetIsFineOverItNamesSizeBudgetAndTheBiggestFive) {
  UnpackedSize size;
  for (const char* top : {"a/x", "b/x", "c/x", "d/x", "e/x", "f/x"}) size.Add(top, 1000);
  size.Add("a/y", 5000);
  EXPECT_TRUE(CheckUnpackedBudget(size, 11000).ok());
  Status s = CheckUnpackedBudget(size, 10999);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.ExitCode(), 1);
  EXPECT_EQ(s.message(),
            "unpacks to 11,000 bytes (10.7 KiB), over its max_unpacked_size of 10,999 bytes; "
            "the biggest: a/ 5.9 KiB, b/ 1000 B, c/ 1000 B, d/ 1000 B, e/ 1000 B; "
            "nothing was written");
}

TEST(UnpackedSizeTest, DistributionOfDistInfoPath) {
  EXPECT_EQ(DistributionOfDistInfoPath("greet-0.4.dist-info/RECORD"), "greet");
  EXPECT_EQ(DistributionOfDistInfoPath("zope_interface-5.4.dist-info/METADATA"),
            "zope_interface");
  EXPECT_EQ(DistributionOfDistInfoPath("greet/RECORD"), "");
}

}  // namespace
}  // namespace pycpack
