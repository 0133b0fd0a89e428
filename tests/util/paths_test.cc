#include "util/paths.h"

#include <gtest/gtest.h>

namespace pycpack {
namespace {

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

}  // namespace
}  // namespace pycpack
