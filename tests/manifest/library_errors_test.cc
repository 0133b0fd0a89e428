// Every validation error of a "libraries" entry, with its JSON path.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "manifest_test_util.h"

namespace pycpack::testing {
namespace {

TEST(ManifestLibrary, EntryMustBeAnObjectWithKnownKeys) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1", R"("vendor")"}})),
            "m.json: libraries[1]: expected an object, got string");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/incldue", R"(["a/**"])"}})),
            "m.json: libraries[0].incldue: unknown key (expected one of: "
            "name, root, wheel, files, include, exclude, mode, optimize, "
            "strip_docstrings, source_path, on_compile_error, check_syntax)");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/foo bar", "1"}})),
            "m.json: libraries[0][\"foo bar\"]: unknown key (expected one "
            "of: name, root, wheel, files, include, exclude, mode, optimize, "
            "strip_docstrings, source_path, on_compile_error, check_syntax)");
  EXPECT_THAT(
      ErrorOf(Edited({{"/libraries/0/prefix", R"("x/")"}})),
      ::testing::StartsWith("m.json: libraries[0].prefix: unknown key"));
}

TEST(ManifestLibrary, NameAndRootOrWheelAreRequired) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/name", std::nullopt}})),
            "m.json: libraries[1]: missing required key \"name\"");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/root", std::nullopt}})),
            "m.json: libraries[0]: missing required key \"root\" or "
            "\"wheel\"");
}

TEST(ManifestLibrary, Name) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/name", "7"}})),
            "m.json: libraries[0].name: expected a string, got integer");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/name", R"("")"}})),
            "m.json: libraries[0].name: must not be empty");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/name", R"("my app")"}})),
            "m.json: libraries[0].name: invalid library name \"my app\" (use "
            "only letters A-Z a-z, digits, '.', '_' and '-')");
  EXPECT_THAT(ErrorOf(Edited({{"/libraries/0/name", R"("a/b")"}})),
              ::testing::StartsWith(
                  "m.json: libraries[0].name: invalid library name \"a/b\""));
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/name", R"("app")"}})),
            "m.json: libraries[1].name: duplicate library name \"app\" (also "
            "used by libraries[0])");
}

TEST(ManifestLibrary, Root) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/root", R"(["a"])"}})),
            "m.json: libraries[1].root: expected a string, got array");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/root", R"("")"}})),
            "m.json: libraries[1].root: must not be empty");
}

TEST(ManifestLibrary, Wheel) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/wheel", R"("v-1.0.whl")"}})),
            "m.json: libraries[1]: \"root\" and \"wheel\" exclude each other "
            "(a library is a directory or a wheel)");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/root", std::nullopt},
                            {"/libraries/1/wheel", "false"}})),
            "m.json: libraries[1].wheel: expected a string, got boolean");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/root", std::nullopt},
                            {"/libraries/1/wheel", R"("")"}})),
            "m.json: libraries[1].wheel: must not be empty");
}

TEST(ManifestLibrary, IncludeAndExclude) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/include", R"("app/**")"}})),
            "m.json: libraries[0].include: expected an array of strings, got "
            "string");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/include", "[]"}})),
            "m.json: libraries[0].include: must not be empty (leave the key "
            "out to include everything under root)");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/include", R"(["a", null])"}})),
            "m.json: libraries[0].include[1]: expected a string, got null");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/include", R"(["a", "b", "c**"])"}})),
            "m.json: libraries[0].include[2]: invalid glob \"c**\": \"**\" "
            "must be a whole path component (as in \"a/**/b\"); use \"*\" "
            "within a name");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/exclude", R"({"a": 1})"}})),
            "m.json: libraries[1].exclude: expected an array of strings, got "
            "object");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/exclude", R"([true])"}})),
            "m.json: libraries[1].exclude[0]: expected a string, got boolean");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/exclude", R"(["ok/*", "/abs"])"}})),
            "m.json: libraries[1].exclude[1]: invalid glob \"/abs\": must be "
            "relative (starts with '/')");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/exclude", R"([""])"}})),
            "m.json: libraries[1].exclude[0]: invalid glob: empty pattern");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/exclude", R"(["a/../b"])"}})),
            "m.json: libraries[1].exclude[0]: invalid glob \"a/../b\": \".\" "
            "and \"..\" components are not allowed");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/exclude", R"(["[ab"])"}})),
            "m.json: libraries[1].exclude[0]: invalid glob \"[ab\": "
            "unterminated '['");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/exclude", "[]"}})), "OK");
}

TEST(ManifestLibrary, Mode) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/mode", "null"}})),
            "m.json: libraries[1].mode: expected a string, got null");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/mode", R"("pyc")"}})),
            "m.json: libraries[1].mode: unknown mode \"pyc\" (expected one "
            "of: inherit, py-only, pyc-only, py+pyc-checked, "
            "py+pyc-unchecked)");
}

TEST(ManifestLibrary, Optimize) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/optimize", R"("2")"}})),
            "m.json: libraries[1].optimize: expected an array of integers, "
            "got string");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/optimize", "2"}})),
            "m.json: libraries[1].optimize: expected an array of integers, "
            "got integer");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/optimize", "[]"}})),
            "m.json: libraries[1].optimize: must not be empty (list 0, 1 "
            "and/or 2)");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/optimize", R"([0, "1"])"}})),
            "m.json: libraries[1].optimize[1]: expected an integer, got "
            "string");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/optimize", "[0.5]"}})),
            "m.json: libraries[1].optimize[0]: expected an integer, got "
            "number");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/optimize", "[-1]"}})),
            "m.json: libraries[1].optimize[0]: optimization level -1 is not "
            "one of 0, 1, 2");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/optimize", "[1, 2, 3]"}})),
            "m.json: libraries[1].optimize[2]: optimization level 3 is not "
            "one of 0, 1, 2");
  EXPECT_EQ(
      ErrorOf(Edited({{"/libraries/1/optimize", "[18446744073709551615]"}})),
      "m.json: libraries[1].optimize[0]: optimization level "
      "18446744073709551615 is not one of 0, 1, 2");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/1/optimize", "[2, 0, 2]"}})),
            "m.json: libraries[1].optimize[2]: duplicate level 2");
}

TEST(ManifestLibrary, StripDocstrings) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/strip_docstrings", R"("true")"}})),
            "m.json: libraries[0].strip_docstrings: expected a boolean, got "
            "string");
}

TEST(ManifestLibrary, SourcePath) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/source_path", R"("absolute")"}})),
            "m.json: libraries[0].source_path: unknown value \"absolute\" "
            "(expected \"relative\" or {\"prefix\": \"...\"})");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/source_path", "false"}})),
            "m.json: libraries[0].source_path: expected \"relative\" or an "
            "object {\"prefix\": ...}, got boolean");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/source_path", "{}"}})),
            "m.json: libraries[0].source_path: missing required key "
            "\"prefix\"");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/source_path",
                             R"({"prefix": "/x/", "relative": true})"}})),
            "m.json: libraries[0].source_path.relative: unknown key "
            "(expected one of: prefix)");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries/0/source_path", R"({"prefix": 1})"}})),
            "m.json: libraries[0].source_path.prefix: expected a string, got "
            "integer");
  EXPECT_EQ(
      ErrorOf(Edited({{"/libraries/0/source_path", R"({"prefix": ""})"}})),
      "m.json: libraries[0].source_path.prefix: must not be empty");
}

}  // namespace
}  // namespace pycpack::testing
