// Every validation error of an "outputs" entry, with its JSON path, and the
// normalisation of prefixes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "manifest_test_util.h"

namespace pycpack::testing {
namespace {

TEST(ManifestOutput, EntryMustBeAnObjectWithKnownKeys) {
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/1", "[]"}})),
            "m.json: outputs[1]: expected an object, got array");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/root", R"("x")"}})),
            "m.json: outputs[0].root: unknown key (expected one of: path, "
            "format, prefix, libraries, targets, variant, compression, max_unpacked_size, name, "
            "version, summary, requires_python, license, requires_dist, description)");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/1/path", std::nullopt}})),
            "m.json: outputs[1]: missing required key \"path\"");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/format", std::nullopt}})),
            "m.json: outputs[0]: missing required key \"format\"");
}

TEST(ManifestOutput, Path) {
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/path", "1"}})),
            "m.json: outputs[0].path: expected a string, got integer");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/path", R"("")"}})),
            "m.json: outputs[0].path: must not be empty");
}

TEST(ManifestOutput, PathsMustResolveToDistinctFiles) {
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/1/path", R"("dist/./app.zip")"}})),
            "m.json: outputs[1].path: \"dist/./app.zip\" is the same file as "
            "outputs[0].path");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/1/path", R"("/proj/dist/app.zip")"}})),
            "m.json: outputs[1].path: \"/proj/dist/app.zip\" is the same file "
            "as outputs[0].path");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/1/path", R"("x/../dist//app.zip")"}})),
            "m.json: outputs[1].path: \"x/../dist//app.zip\" is the same file "
            "as outputs[0].path");
  // Paths are kept as written.
  Result<Manifest> r =
      Parse(Edited({{"/outputs/1/path", R"("./dist/b.zip")"}}));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->outputs[1].path, "./dist/b.zip");
}

TEST(ManifestOutput, Format) {
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/format", "[]"}})),
            "m.json: outputs[0].format: expected a string, got array");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/format", R"("tgz")"}})),
            "m.json: outputs[0].format: unknown format \"tgz\" (expected one "
            "of: dir, tar, tar.gz, tar.zst, zip, wheel, lambda-layer, oci-layer)");
  EXPECT_THAT(ErrorOf(Edited({{"/outputs/0/format", R"("ZIP")"}})),
              ::testing::StartsWith(
                  "m.json: outputs[0].format: unknown format \"ZIP\""));
}

TEST(ManifestOutput, Prefix) {
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/prefix", "null"}})),
            "m.json: outputs[0].prefix: expected a string, got null");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/prefix", R"("/opt/app/")"}})),
            "m.json: outputs[0].prefix: must be a relative path, got "
            "\"/opt/app/\"");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/prefix", R"("opt/../etc/")"}})),
            "m.json: outputs[0].prefix: must not contain \".\" or \"..\" "
            "components, got \"opt/../etc/\"");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/1/prefix", R"("./opt")"}})),
            "m.json: outputs[1].prefix: must not contain \".\" or \"..\" "
            "components, got \"./opt\"");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/1/prefix", R"("..")"}})),
            "m.json: outputs[1].prefix: must not contain \".\" or \"..\" "
            "components, got \"..\"");
}

TEST(ManifestOutput, PrefixIsNormalisedToOneTrailingSlash) {
  const std::pair<const char*, const char*> cases[] = {
      {R"("")", ""},
      {R"("opt")", "opt/"},
      {R"("opt/")", "opt/"},
      {R"("opt//")", "opt/"},
      {R"("a//b")", "a/b/"},
      {R"("a/b/c/")", "a/b/c/"},
      {R"("..a/.b")", "..a/.b/"},
  };
  for (const auto& [json, want] : cases) {
    Result<Manifest> r = Parse(Edited({{"/outputs/0/prefix", json}}));
    ASSERT_TRUE(r.ok()) << json << ": " << r.status().message();
    EXPECT_EQ(r->outputs[0].prefix, want) << json;
  }
}

TEST(ManifestOutput, Libraries) {
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/libraries", R"("app")"}})),
            "m.json: outputs[0].libraries: expected an array of strings, got "
            "string");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/libraries", "[]"}})),
            "m.json: outputs[0].libraries: must not be empty (leave the key "
            "out to take every library)");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/libraries", R"(["app", 3])"}})),
            "m.json: outputs[0].libraries[1]: expected a string, got integer");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/libraries", R"([""])"}})),
            "m.json: outputs[0].libraries[0]: must not be empty");
  EXPECT_EQ(ErrorOf(Edited(
                {{"/outputs/0/libraries", R"(["app", "vendor", "app"])"}})),
            "m.json: outputs[0].libraries[2]: library \"app\" listed twice");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/1/libraries", R"(["vendor", "ap"])"}})),
            "m.json: outputs[1].libraries[1]: no library named \"ap\"");
}

TEST(ManifestOutput, LibrariesAreKeptInOrder) {
  Result<Manifest> r =
      Parse(Edited({{"/outputs/0/libraries", R"(["vendor", "app"])"}}));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->outputs[0].libraries,
            (std::vector<std::string>{"vendor", "app"}));
  EXPECT_TRUE(r->outputs[1].libraries.empty());
}

// Errors are reported in document order: the first bad output wins even if
// a later one is also wrong.
TEST(ManifestOutput, FirstErrorWins) {
  EXPECT_EQ(ErrorOf(Edited({{"/outputs/0/format", R"("rar")"},
                            {"/outputs/1/format", R"("7z")"}})),
            "m.json: outputs[0].format: unknown format \"rar\" (expected one "
            "of: dir, tar, tar.gz, tar.zst, zip, wheel, lambda-layer, oci-layer)");
  EXPECT_THAT(
      ErrorOf(Edited({{"/libraries/1/mode", R"("x")"},
                      {"/outputs/0/format", R"("rar")"}})),
      ::testing::StartsWith("m.json: libraries[1].mode: unknown mode \"x\""));
}

}  // namespace
}  // namespace pycpack::testing
