#include "util/paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace pycpack {
namespace {

TEST(SplitPath, KeepsEveryComponentIncludingEmptyOnes) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(SplitPath("a//b/"), (V{"a", "", "b", ""}));
  EXPECT_EQ(SplitPath("/a"), (V{"", "a"}));
  EXPECT_EQ(SplitPath("../x"), (V{"..", "x"}));
  EXPECT_EQ(SplitPath(""), (V{""}));
}

TEST(NormalizePath, RemovesDotsAndEmptyComponents) {
  EXPECT_EQ(NormalizePath("a/./b//c/"), "a/b/c");
  EXPECT_EQ(NormalizePath("a/b/../c"), "a/c");
  EXPECT_EQ(NormalizePath("/a/b/.."), "/a");
  EXPECT_EQ(NormalizePath("./"), ".");
  EXPECT_EQ(NormalizePath(""), ".");
  EXPECT_EQ(NormalizePath("a/.."), ".");
}

TEST(NormalizePath, AbsolutePathsCannotClimbAboveRoot) {
  EXPECT_EQ(NormalizePath("/.."), "/");
  EXPECT_EQ(NormalizePath("/../a"), "/a");
  EXPECT_EQ(NormalizePath("//a//"), "/a");
  EXPECT_EQ(NormalizePath("/"), "/");
}

TEST(NormalizePath, RelativePathsKeepLeadingDotDot) {
  EXPECT_EQ(NormalizePath("../a"), "../a");
  EXPECT_EQ(NormalizePath("../../a/../b"), "../../b");
  EXPECT_EQ(NormalizePath("a/../../b"), "../b");
}

TEST(JoinPath, RelativeIsJoinedAbsoluteWins) {
  EXPECT_EQ(JoinPath("/base", "src"), "/base/src");
  EXPECT_EQ(JoinPath("/base/dir", "../src/./x"), "/base/src/x");
  EXPECT_EQ(JoinPath("/base", "/abs//p/"), "/abs/p");
  EXPECT_EQ(JoinPath("/base", "."), "/base");
  EXPECT_EQ(JoinPath("/base", ""), "/base");
  EXPECT_EQ(JoinPath("/", "../x"), "/x");
}

TEST(DirNameBaseName, SplitAtLastSlash) {
  EXPECT_EQ(DirName("a/b/c.py"), "a/b");
  EXPECT_EQ(BaseName("a/b/c.py"), "c.py");
  EXPECT_EQ(DirName("c.py"), "");
  EXPECT_EQ(BaseName("c.py"), "c.py");
  EXPECT_EQ(DirName("/x"), "/");
  EXPECT_EQ(BaseName("/x"), "x");
  EXPECT_EQ(BaseName("a/"), "");
}

TEST(IsWithin, ComparesWholeComponents) {
  EXPECT_TRUE(IsWithin("/a/b", "/a"));
  EXPECT_TRUE(IsWithin("/a", "/a"));
  EXPECT_TRUE(IsWithin("/a/./b", "/a/"));
  EXPECT_FALSE(IsWithin("/ab", "/a"));
  EXPECT_FALSE(IsWithin("/a/../b", "/a"));
  EXPECT_TRUE(IsWithin("/anything", "/"));
  EXPECT_FALSE(IsWithin("relative", "/"));
}

TEST(RelativeTo, StripsTheDirectory) {
  EXPECT_EQ(RelativeTo("/a/b/c", "/a"), "b/c");
  EXPECT_EQ(RelativeTo("/a", "/a"), "");
  EXPECT_EQ(RelativeTo("/a/b", "/"), "a/b");
  EXPECT_EQ(RelativeTo("/a/./b/", "/a/"), "b");
}

TEST(ArtifactOrderTest, DistInfoComesLastDirectoriesFirst) {
  EXPECT_TRUE(IsDistInfoPath("foo-1.0.dist-info"));
  EXPECT_TRUE(IsDistInfoPath("python/foo-1.0.dist-info/RECORD"));
  EXPECT_FALSE(IsDistInfoPath("foo/dist-info/x"));
  EXPECT_FALSE(IsDistInfoPath(".dist-info"));  // no name before the suffix
  EXPECT_FALSE(IsDistInfoPath("foo.dist-info.py"));
  std::vector<std::string> paths = {
      "foo/mod.py", "foo-1.0.dist-info/RECORD", "foo", "foo-1.0.dist-info",
      "bar.py", "zzz/x.py", "a-0.1.dist-info/METADATA", "a-0.1.dist-info"};
  std::sort(paths.begin(), paths.end(),
            [](const std::string& a, const std::string& b) {
              return ArtifactOrderLess(a, b);
            });
  EXPECT_EQ(paths, (std::vector<std::string>{
                       "bar.py", "foo", "foo/mod.py", "zzz/x.py",
                       "a-0.1.dist-info", "a-0.1.dist-info/METADATA",
                       "foo-1.0.dist-info", "foo-1.0.dist-info/RECORD"}));
  EXPECT_FALSE(ArtifactOrderLess("x", "x"));
}

TEST(ArtifactOrderTest, KeptSourceListsComeLastBeforeDistInfo) {
  std::vector<std::string> paths = {
      "opt/app/pycpack-kept-sources.json", "opt/app/zzz.py", "opt/app/a.py",
      "foo-1.0.dist-info/pycpack-kept-sources.json", "foo-1.0.dist-info/RECORD",
      "d/pycpack-kept-sources.json/x", "d/pycpack-kept-sources.json", "\xff.py"};
  std::sort(paths.begin(), paths.end(),
            [](const std::string& a, const std::string& b) {
              return ArtifactOrderLess(a, b);
            });
  EXPECT_EQ(paths, (std::vector<std::string>{
                       "opt/app/a.py", "opt/app/zzz.py", "\xff.py",
                       "d/pycpack-kept-sources.json",
                       "d/pycpack-kept-sources.json/x",
                       "opt/app/pycpack-kept-sources.json",
                       "foo-1.0.dist-info/RECORD",
                       "foo-1.0.dist-info/pycpack-kept-sources.json"}));
}

}  // namespace
}  // namespace pycpack
