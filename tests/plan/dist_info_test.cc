// Packaging metadata: RECORD rows and parsing, wheel names, tags, WHEEL
// and METADATA. Expected hashes were computed with Python's hashlib and
// base64.urlsafe_b64encode.
#include "plan/dist_info.h"

#include <gtest/gtest.h>

#include <string>

namespace pycpack {
namespace {

TEST(DistInfoTest, RecordRowsHashLikeInstallers) {
  EXPECT_EQ(RecordRow("pkg/mod.py", "x = 1\n"),
            "pkg/mod.py,sha256=nia_NpkRxFwkPGhBR7I_yeHc_PJX0pmhxjIBam_NM_Q,6\n");
  EXPECT_EQ(RecordRow("e", ""), "e,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\n");
  EXPECT_EQ(RecordRow("a", std::string(1000, 'a')),
            "a,sha256=Qe3s5C1j6Nm_UVqbppMuHCDLyfWl0TRkWttdsblzfqM,1000\n");
  EXPECT_EQ(RecordRow("we,ird\"name", ""),
            "\"we,ird\"\"name\",sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\n");
  EXPECT_EQ(RecordSelfRow("pkg-1.0.dist-info/RECORD"), "pkg-1.0.dist-info/RECORD,,\n");
}

TEST(DistInfoTest, RecordPathsAreReadQuotedAndKeptInside) {
  Result<std::vector<std::string>> paths = ParseRecordPaths(
      "pkg/__init__.py,sha256=abc,10\r\n"
      "\"odd,name.txt\",sha256=def,3\n"
      "\"say \"\"hi\"\".txt\",,\n"
      "../../../bin/tool,sha256=x,5\n"
      "/etc/passwd,,\n"
      "pkg/./sub/../mod.py,,\n"
      "\n"
      "pkg-1.0.dist-info/RECORD,,");
  ASSERT_TRUE(paths.ok()) << paths.status().message();
  EXPECT_EQ(*paths, (std::vector<std::string>{"pkg/__init__.py", "odd,name.txt",
                                              "say \"hi\".txt", "pkg/mod.py",
                                              "pkg-1.0.dist-info/RECORD"}));
  EXPECT_FALSE(ParseRecordPaths("\"open,,\n").ok());
}

TEST(DistInfoTest, NamesAndTags) {
  EXPECT_EQ(EscapeDistName("Foo.Bar-baz__qux"), "foo_bar_baz_qux");
  EXPECT_EQ(EscapeDistName("shop-app"), "shop_app");
  EXPECT_EQ(CompressedTagSet({"cp311-none-any"}), "cp311-none-any");
  EXPECT_EQ(CompressedTagSet({"cp311-none-any", "cp312-none-any"}),
            "cp311.cp312-none-any");
  EXPECT_EQ(CompressedTagSet({"py3-none-any"}), "py3-none-any");
  // Every supported version, 3.14 and 3.15 included, in target order.
  EXPECT_EQ(CompressedTagSet({"cp311-none-any", "cp38-none-any", "cp314-none-any",
                              "cp315-none-any"}),
            "cp311.cp38.cp314.cp315-none-any");
}

TEST(DistInfoTest, WheelAndMetadataFiles) {
  std::string wheel = WheelFile("pycpack 0.1.0", true, {"cp311-none-any", "cp312-none-any"});
  EXPECT_EQ(wheel,
            "Wheel-Version: 1.0\nGenerator: pycpack 0.1.0\nRoot-Is-Purelib: true\n"
            "Tag: cp311-none-any\nTag: cp312-none-any\n");
  WheelInfo info = ParseWheelFile(
      "Wheel-Version: 1.0\r\nGenerator: bdist_wheel (0.40.0)\r\n"
      "Root-Is-Purelib: false\r\nTag: cp311-cp311-manylinux_2_17_x86_64\r\n");
  EXPECT_FALSE(info.purelib);
  EXPECT_EQ(info.tags, std::vector<std::string>{"cp311-cp311-manylinux_2_17_x86_64"});
  WheelMetadata meta;
  meta.name = "shop-app";
  meta.version = "1.2.0";
  meta.summary = "Shop";
  meta.requires_python = ">=3.8";
  meta.requires_dist = {"attrs>=22", "idna"};
  EXPECT_EQ(MetadataFile(meta),
            "Metadata-Version: 2.1\nName: shop-app\nVersion: 1.2.0\nSummary: Shop\n"
            "Requires-Python: >=3.8\nRequires-Dist: attrs>=22\nRequires-Dist: idna\n"
            "Description-Content-Type: text/plain\n\nShop\n");
}

}  // namespace
}  // namespace pycpack
