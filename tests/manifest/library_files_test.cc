// "files" of a library: an explicit list instead of a walk of the root.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "manifest_test_util.h"

namespace pycpack::testing {
namespace {

TEST(ManifestLibraryFiles, ListIsKeptInOrder) {
  Result<Manifest> m = Parse(Edited(
      {{"/libraries/0/files", R"(["b/x.py", "a.py", "b/c/data.bin"])"}}));
  ASSERT_TRUE(m.ok()) << m.status().message();
  ASSERT_TRUE(m->libraries[0].files.has_value());
  EXPECT_THAT(*m->libraries[0].files,
              ::testing::ElementsAre("b/x.py", "a.py", "b/c/data.bin"));
  EXPECT_EQ(m->libraries[0].root, "/proj/src");
  EXPECT_FALSE(m->libraries[1].files.has_value());
}

TEST(ManifestLibraryFiles, EmptyListIsAnEmptyLibrary) {
  Result<Manifest> m = Parse(Edited({{"/libraries/0/files", "[]"}}));
  ASSERT_TRUE(m.ok()) << m.status().message();
  ASSERT_TRUE(m->libraries[0].files.has_value());
  EXPECT_TRUE(m->libraries[0].files->empty());
}

TEST(ManifestLibraryFiles, Shape) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/files", R"("a.py")"}})),
            "m.json: libraries[0].files: expected an array of strings, got "
            "string");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/files", R"(["a.py", 3])"}})),
            "m.json: libraries[0].files[1]: expected a string, got integer");
}

TEST(ManifestLibraryFiles, PathsArePlainAndRelative) {
  auto error = [](const char* list) {
    return ErrorOf(Edited({{"/libraries/1/files", list}}));
  };
  EXPECT_EQ(error(R"(["ok.py", ""])"),
            "m.json: libraries[1].files[1]: \"\": must not be empty");
  EXPECT_EQ(error(R"(["/etc/passwd"])"),
            "m.json: libraries[1].files[0]: \"/etc/passwd\": must be relative "
            "to root, not absolute");
  EXPECT_EQ(error(R"(["../up.py"])"),
            "m.json: libraries[1].files[0]: \"../up.py\": must not have a "
            "'.' or '..' component");
  EXPECT_EQ(error(R"(["a/./b.py"])"),
            "m.json: libraries[1].files[0]: \"a/./b.py\": must not have a "
            "'.' or '..' component");
  EXPECT_EQ(error(R"(["a//b.py"])"),
            "m.json: libraries[1].files[0]: \"a//b.py\": must not have an "
            "empty component ('a//b', 'a/')");
  EXPECT_EQ(error(R"(["pkg/"])"),
            "m.json: libraries[1].files[0]: \"pkg/\": must not have an "
            "empty component ('a//b', 'a/')");
  EXPECT_EQ(error(R"(["a\u0000.py"])"),
            "m.json: libraries[1].files[0]: \"a\\x00.py\" holds a control character "
            "(paths, names, prefixes, globs and versions may not)");
  // Glob characters and dots inside names are plain characters here.
  EXPECT_EQ(error(R"(["[x]*.py", "..a", "a..", ".hidden"])"), "OK");
  EXPECT_EQ(error(R"(["naïve/ü.py"])"), "OK");
}

TEST(ManifestLibraryFiles, NoRepeats) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/files",
                             R"(["a.py", "b/c.py", "b/c.py"])"}})),
            "m.json: libraries[0].files[2]: \"b/c.py\" is listed twice");
}

TEST(ManifestLibraryFiles, ExcludesIncludeExcludeAndWheel) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/files", R"(["a.py"])"},
                            {"/libraries/0/include", R"(["a.py"])"}})),
            "m.json: libraries[0].include: not allowed with \"files\" (the "
            "listed files are taken as they are)");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/files", R"(["a.py"])"},
                            {"/libraries/0/exclude", "[]"}})),
            "m.json: libraries[0].exclude: not allowed with \"files\" (the "
            "listed files are taken as they are)");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/root", std::nullopt},
                            {"/libraries/0/wheel", R"("w-1.0-py3-none-any.whl")"},
                            {"/libraries/0/files", R"(["a.py"])"}})),
            "m.json: libraries[0].wheel: not allowed with \"files\" (files "
            "are listed below a root)");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/root", std::nullopt},
                            {"/libraries/0/files", R"(["a.py"])"}})),
            "m.json: libraries[0]: missing required key \"root\" or "
            "\"wheel\"");
}

}  // namespace
}  // namespace pycpack::testing
