// ParseManifest: the success path, the JSON layer, the top level and
// "defaults". Library and output errors are in their own files.
#include "pycpack/manifest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "manifest_test_util.h"

namespace pycpack::testing {
namespace {

TEST(ManifestNames, RoundTrip) {
  for (Mode m : {Mode::kInherit, Mode::kPyOnly, Mode::kPycOnly,
                 Mode::kPyPycChecked, Mode::kPyPycUnchecked}) {
    EXPECT_EQ(ParseModeName(ModeName(m)), m);
  }
  for (OutputFormat f :
       {OutputFormat::kDir, OutputFormat::kTar, OutputFormat::kTarGz,
        OutputFormat::kTarZst, OutputFormat::kZip}) {
    EXPECT_EQ(ParseFormatName(FormatName(f)), f);
  }
  EXPECT_EQ(ModeName(Mode::kPyPycUnchecked), "py+pyc-unchecked");
  EXPECT_EQ(FormatName(OutputFormat::kTarZst), "tar.zst");
  EXPECT_EQ(ParseModeName("pyc"), std::nullopt);
  EXPECT_EQ(ParseModeName("PY-ONLY"), std::nullopt);
  EXPECT_EQ(ParseFormatName("tgz"), std::nullopt);
}

constexpr char kFull[] = R"({
  "manifest_version": 1,
  "defaults": {"mode": "py+pyc-unchecked", "optimize": [0],
               "strip_docstrings": false, "source_path": "relative"},
  "libraries": [
    {"name": "app", "root": "src", "include": ["app/**"],
     "exclude": ["**/tests/**"], "mode": "pyc-only", "optimize": [2],
     "strip_docstrings": true, "source_path": {"prefix": "/var/task/"}},
    {"name": "vendor", "root": "../third_party/./v", "mode": "inherit",
     "optimize": [2, 0, 1]},
    {"name": "abs.lib_1-x", "root": "/opt/lib/"}
  ],
  "outputs": [
    {"path": "dist/app.tar.gz", "format": "tar.gz", "prefix": "opt/app"},
    {"path": "dist/app.zip", "format": "zip", "libraries": ["app"],
     "prefix": "a//b///"},
    {"path": "/tmp/out", "format": "dir", "prefix": ""},
    {"path": "x.tar", "format": "tar", "prefix": "lib/"},
    {"path": "x.tar.zst", "format": "tar.zst"}
  ]
})";

TEST(ParseManifest, FullManifest) {
  Result<Manifest> r = ParseManifest(kFull, "conf/m.json", "/proj/conf/");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Manifest& m = *r;
  EXPECT_EQ(m.version, 1);
  EXPECT_EQ(m.path, "conf/m.json");
  EXPECT_EQ(m.base_dir, "/proj/conf");

  EXPECT_EQ(m.defaults.mode, Mode::kPyPycUnchecked);
  EXPECT_EQ(m.defaults.optimize, std::vector<int>{0});
  EXPECT_EQ(m.defaults.strip_docstrings, false);
  EXPECT_EQ(m.defaults.source_path, SourcePath{});

  ASSERT_EQ(m.libraries.size(), 3u);
  const Library& app = m.libraries[0];
  EXPECT_EQ(app.name, "app");
  EXPECT_EQ(app.root, "/proj/conf/src");
  EXPECT_EQ(app.include, std::vector<std::string>{"app/**"});
  EXPECT_EQ(app.exclude, std::vector<std::string>{"**/tests/**"});
  EXPECT_EQ(app.settings.mode, Mode::kPycOnly);
  EXPECT_EQ(app.settings.optimize, std::vector<int>{2});
  EXPECT_EQ(app.settings.strip_docstrings, true);
  EXPECT_EQ(app.settings.source_path, (SourcePath{false, "/var/task/"}));
  EXPECT_EQ(app.json_path, "libraries[0]");

  const Library& vendor = m.libraries[1];
  EXPECT_EQ(vendor.root, "/proj/third_party/v");
  EXPECT_EQ(vendor.settings.mode, std::nullopt);  // "inherit" = not set
  EXPECT_EQ(vendor.settings.optimize, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(vendor.settings.strip_docstrings, std::nullopt);
  EXPECT_EQ(vendor.settings.source_path, std::nullopt);
  EXPECT_TRUE(vendor.include.empty());
  EXPECT_TRUE(vendor.exclude.empty());
  EXPECT_EQ(m.libraries[2].name, "abs.lib_1-x");
  EXPECT_EQ(m.libraries[2].root, "/opt/lib");

  ASSERT_EQ(m.outputs.size(), 5u);
  EXPECT_EQ(m.outputs[0].path, "dist/app.tar.gz");
  EXPECT_EQ(m.outputs[0].format, OutputFormat::kTarGz);
  EXPECT_EQ(m.outputs[0].prefix, "opt/app/");
  EXPECT_TRUE(m.outputs[0].libraries.empty());
  EXPECT_EQ(m.outputs[0].json_path, "outputs[0]");
  EXPECT_EQ(m.outputs[1].format, OutputFormat::kZip);
  EXPECT_EQ(m.outputs[1].prefix, "a/b/");
  EXPECT_EQ(m.outputs[1].libraries, std::vector<std::string>{"app"});
  EXPECT_EQ(m.outputs[2].path, "/tmp/out");
  EXPECT_EQ(m.outputs[2].format, OutputFormat::kDir);
  EXPECT_EQ(m.outputs[2].prefix, "");
  EXPECT_EQ(m.outputs[3].format, OutputFormat::kTar);
  EXPECT_EQ(m.outputs[3].prefix, "lib/");
  EXPECT_EQ(m.outputs[4].format, OutputFormat::kTarZst);
  EXPECT_EQ(m.outputs[4].prefix, "");
}

TEST(ParseManifest, MinimalManifestLeavesEverythingUnset) {
  Result<Manifest> r = Parse(R"({"manifest_version": 1,
      "libraries": [{"name": "a", "root": "."}],
      "outputs": [{"path": "out", "format": "dir"}]})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->defaults.mode, std::nullopt);
  EXPECT_EQ(r->defaults.optimize, std::nullopt);
  EXPECT_EQ(r->defaults.strip_docstrings, std::nullopt);
  EXPECT_EQ(r->defaults.source_path, std::nullopt);
  EXPECT_EQ(r->libraries[0].root, "/proj");
  EXPECT_EQ(r->outputs[0].prefix, "");
}

TEST(ParseManifest, WheelLibraryHasAWheelAndNoRootYet) {
  Result<Manifest> r = Parse(R"({"manifest_version": 1,
      "libraries": [{"name": "a", "root": "src"},
                    {"name": "w", "wheel": "../dist/./w-1.0-py3-none-any.whl",
                     "mode": "pyc-only", "exclude": ["w/tests/**"]}],
      "outputs": [{"path": "out", "format": "dir"}]})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->libraries[0].root, "/proj/src");
  EXPECT_EQ(r->libraries[0].wheel, "");
  const Library& w = r->libraries[1];
  EXPECT_EQ(w.wheel, "/dist/w-1.0-py3-none-any.whl");
  EXPECT_EQ(w.root, "");
  EXPECT_EQ(w.settings.mode, Mode::kPycOnly);
  EXPECT_EQ(w.exclude, std::vector<std::string>{"w/tests/**"});
}

TEST(ParseManifest, DefaultsModeInheritMeansBuiltIn) {
  Result<Manifest> r = Parse(Edited({{"/defaults/mode", R"("inherit")"}}));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->defaults.mode, std::nullopt);
}

TEST(ParseManifest, EveryModeIsAccepted) {
  for (const char* mode :
       {"py-only", "pyc-only", "py+pyc-checked", "py+pyc-unchecked"}) {
    Result<Manifest> r =
        Parse(Edited({{"/defaults/mode", std::string("\"") + mode + "\""},
                      {"/libraries/0/mode", std::string("\"") + mode + "\""}}));
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(r->defaults.mode, ParseModeName(mode));
    EXPECT_EQ(r->libraries[0].settings.mode, ParseModeName(mode));
  }
}

TEST(ParseManifest, IntegralNumbersCountAsIntegers) {
  // JSON Schema's "integer" includes 1.0; the parser agrees with the schema.
  Result<Manifest> r = Parse(Edited(
      {{"/manifest_version", "1.0"}, {"/defaults/optimize", "[2.0, 1e0]"}}));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->defaults.optimize, (std::vector<int>{1, 2}));
}

TEST(ParseManifest, BaseDirMustBeAbsolute) {
  Result<Manifest> r = ParseManifest(kValidManifest, "m.json", "rel/dir");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInternal);
  EXPECT_NE(r.status().message().find("rel/dir"), std::string::npos);
}

TEST(ParseManifest, ErrorsArePrefixedWithTheDisplayName) {
  Result<Manifest> r =
      ParseManifest("{}", "configs/prod/manifest.json", "/proj");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "configs/prod/manifest.json: top level: missing required key "
            "\"manifest_version\"");
  EXPECT_EQ(r.status().ExitCode(), 2);
}

// --- The JSON layer -------------------------------------------------------

TEST(ManifestJson, SyntaxErrorReportsLineAndColumn) {
  // The position is that of the last character read: here the newline
  // that ended the bad literal.
  EXPECT_THAT(
      ErrorOf("{\n  \"manifest_version\": 1,\n  \"libraries\": tru\n}"),
      ::testing::StartsWith(
          "m.json:3:19: invalid JSON: syntax error while parsing value - "
          "invalid literal"));
  EXPECT_EQ(ErrorOf("{\"a\": 12x}"),
            "m.json:1:9: invalid JSON: syntax error while parsing object - "
            "invalid literal; last read: '12x'; expected '}'");
  EXPECT_EQ(ErrorOf("{\"a\": 1,}"),
            "m.json:1:9: invalid JSON: syntax error while parsing object key "
            "- unexpected '}'; expected string literal");
}

TEST(ManifestJson, ColumnsCountCharactersNotBytes) {
  // "é" is two bytes but one column: the stray 'x' is in column 10 either
  // way.
  EXPECT_THAT(ErrorOf("{\"ab\": 1 x}"), ::testing::StartsWith("m.json:1:10: "));
  EXPECT_THAT(ErrorOf("{\"\xC3\xA9\xC3\xA9\": 1 x}"),
              ::testing::StartsWith("m.json:1:10: "));
}

TEST(ManifestJson, EmptyAndTruncatedInput) {
  EXPECT_EQ(ErrorOf(""),
            "m.json:1:1: invalid JSON: syntax error while parsing value - "
            "unexpected end of input; expected '[', '{', or a literal");
  EXPECT_THAT(ErrorOf("{\n\"manifest_version\": 1,\n"),
              ::testing::StartsWith("m.json:3:1: invalid JSON: "));
}

TEST(ManifestJson, RejectsCommentsAndTrailingText) {
  EXPECT_THAT(ErrorOf("// c\n{}"),
              ::testing::StartsWith("m.json:1:1: invalid JSON: "));
  EXPECT_THAT(ErrorOf("{} {}"),
              ::testing::StartsWith("m.json:1:4: invalid JSON: "));
}

TEST(ManifestJson, RejectsInvalidUtf8) {
  // The bad byte is the fourth character.
  EXPECT_THAT(ErrorOf("{\"a\xFF\": 1}"),
              ::testing::StartsWith("m.json:1:4: invalid JSON: "));
}

TEST(ManifestJson, DuplicateKeysNameTheirPath) {
  EXPECT_EQ(ErrorOf(R"({"manifest_version": 1, "manifest_version": 1})"),
            "m.json: manifest_version: duplicate key");
  EXPECT_EQ(ErrorOf(R"({"manifest_version": 1, "libraries": [{"name": "a",
      "root": "x"}, {"name": "b", "root": "y", "name": "c"}]})"),
            "m.json: libraries[1].name: duplicate key");
  EXPECT_EQ(ErrorOf(R"({"defaults": {"source_path": {"prefix": "a",
      "prefix": "b"}}})"),
            "m.json: defaults.source_path.prefix: duplicate key");
  EXPECT_EQ(ErrorOf(R"({"x": [[{}, {"a b": 1, "a b": 2}]]})"),
            "m.json: x[0][1][\"a b\"]: duplicate key");
}

// Regression: the reader once built every container's JSON path on entry,
// which is quadratic in the depth (26 s for this input).
TEST(ManifestJson, DeepNestingIsReadInLinearTime) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ErrorOf(deep), "m.json: top level: expected an object, got array");
  std::string deep_dup = "{\"k\": " + std::string(50000, '[') +
                         "{\"a\": 1, \"a\": 2}" + std::string(50000, ']') + "}";
  std::string dup_message = ErrorOf(deep_dup);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_THAT(dup_message, ::testing::StartsWith("m.json: k[0][0][0]"));
  EXPECT_THAT(dup_message, ::testing::EndsWith("[0][0][0].a: duplicate key"));
  // "m.json: k", 50000 times "[0]", ".a", ": duplicate key"
  EXPECT_EQ(dup_message.size(),
            std::string("m.json: k").size() + 50000 * 3 + 2 + 15);
}

// --- Top level ------------------------------------------------------------

TEST(ManifestTopLevel, MustBeAnObject) {
  EXPECT_EQ(ErrorOf("[]"), "m.json: top level: expected an object, got array");
  EXPECT_EQ(ErrorOf("1"), "m.json: top level: expected an object, got integer");
}

TEST(ManifestTopLevel, Version) {
  EXPECT_EQ(ErrorOf(Edited({{"/manifest_version", std::nullopt}})),
            "m.json: top level: missing required key \"manifest_version\"");
  EXPECT_EQ(ErrorOf(Edited({{"/manifest_version", R"("1")"}})),
            "m.json: manifest_version: expected an integer, got string");
  EXPECT_EQ(ErrorOf(Edited({{"/manifest_version", "1.5"}})),
            "m.json: manifest_version: expected an integer, got number");
  EXPECT_EQ(ErrorOf(Edited({{"/manifest_version", "2"}})),
            "m.json: manifest_version: unsupported manifest_version 2; this "
            "pycpack reads version 1");
  EXPECT_EQ(ErrorOf(Edited({{"/manifest_version", "0"}})),
            "m.json: manifest_version: unsupported manifest_version 0; this "
            "pycpack reads version 1");
}

TEST(ManifestTopLevel, VersionIsCheckedBeforeUnknownKeys) {
  EXPECT_EQ(ErrorOf(R"({"manifest_version": 2, "targets": []})"),
            "m.json: manifest_version: unsupported manifest_version 2; this "
            "pycpack reads version 1");
}

TEST(ManifestTopLevel, UnknownKey) {
  EXPECT_EQ(ErrorOf(Edited({{"/librarys", "[]"}})),
            "m.json: librarys: unknown key (expected one of: "
            "manifest_version, defaults, targets, variants, libraries, outputs)");
  EXPECT_EQ(ErrorOf(Edited({{"/$schema", R"("x")"}})),
            "m.json: [\"$schema\"]: unknown key (expected one of: "
            "manifest_version, defaults, targets, variants, libraries, outputs)");
}

TEST(ManifestTopLevel, LibrariesAndOutputsAreRequiredNonEmptyArrays) {
  EXPECT_EQ(ErrorOf(Edited({{"/libraries", std::nullopt}})),
            "m.json: top level: missing required key \"libraries\"");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs", std::nullopt}})),
            "m.json: top level: missing required key \"outputs\"");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries", "{}"}})),
            "m.json: libraries: expected an array of objects, got object");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs", R"("dist")"}})),
            "m.json: outputs: expected an array of objects, got string");
  EXPECT_EQ(ErrorOf(Edited({{"/libraries", "[]"}})),
            "m.json: libraries: must not be empty");
  EXPECT_EQ(ErrorOf(Edited({{"/outputs", "[]"}})),
            "m.json: outputs: must not be empty");
}

// --- defaults -------------------------------------------------------------

TEST(ManifestDefaults, ShapeAndKeys) {
  EXPECT_EQ(ErrorOf(Edited({{"/defaults", "[]"}})),
            "m.json: defaults: expected an object, got array");
  EXPECT_EQ(ErrorOf(Edited({{"/defaults/include", R"(["a"])"}})),
            "m.json: defaults.include: unknown key (expected one of: mode, "
            "optimize, strip_docstrings, source_path, on_compile_error, "
            "check_syntax)");
  EXPECT_EQ(ErrorOf(Edited({{"/defaults", "{}"}})), "OK");
}

TEST(ManifestDefaults, SettingErrorsNameTheDefaultsPath) {
  EXPECT_EQ(ErrorOf(Edited({{"/defaults/mode", R"("pyc")"}})),
            "m.json: defaults.mode: unknown mode \"pyc\" (expected one of: "
            "inherit, py-only, pyc-only, py+pyc-checked, py+pyc-unchecked)");
  EXPECT_EQ(ErrorOf(Edited({{"/defaults/optimize", "[0, 3]"}})),
            "m.json: defaults.optimize[1]: optimization level 3 is not one "
            "of 0, 1, 2");
  EXPECT_EQ(ErrorOf(Edited({{"/defaults/strip_docstrings", "1"}})),
            "m.json: defaults.strip_docstrings: expected a boolean, got "
            "integer");
  EXPECT_EQ(ErrorOf(Edited({{"/defaults/source_path", R"({"prefix": ""})"}})),
            "m.json: defaults.source_path.prefix: must not be empty");
}

}  // namespace
}  // namespace pycpack::testing

namespace pycpack::testing {
namespace {

TEST(ParseManifest, TargetsDefaultToTheEmbeddedInterpreter) {
  Result<Manifest> r = ParseManifest(
      R"({"manifest_version": 1, "libraries": [{"name": "a", "root": "s"}],
          "outputs": [{"path": "o", "format": "dir"}]})",
      "m.json", "/p");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->targets.size(), 1u);
  EXPECT_EQ(r->targets[0].name, "embedded");
  EXPECT_EQ(r->targets[0].python, "");
  EXPECT_TRUE(r->outputs[0].targets.empty());
}

TEST(ParseManifest, TargetsNamesAndPrograms) {
  Result<Manifest> r = ParseManifest(
      R"({"manifest_version": 1,
          "targets": ["embedded", {"python": "python3.12"},
                      {"python": "../py/bin/python3.9", "name": "py39"},
                      {"python": "/opt/bin/python3.13"}],
          "libraries": [{"name": "a", "root": "s"}],
          "outputs": [{"path": "o", "format": "dir", "targets": ["py39"]}]})",
      "m.json", "/p/conf");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->targets.size(), 4u);
  EXPECT_EQ(r->targets[0], (TargetSpec{"embedded", "", "targets[0]"}));
  EXPECT_EQ(r->targets[1], (TargetSpec{"python3.12", "python3.12", "targets[1]"}));
  EXPECT_EQ(r->targets[2], (TargetSpec{"py39", "/p/py/bin/python3.9", "targets[2]"}));
  EXPECT_EQ(r->targets[3],
            (TargetSpec{"/opt/bin/python3.13", "/opt/bin/python3.13", "targets[3]"}));
  EXPECT_EQ(r->outputs[0].targets, std::vector<std::string>{"py39"});
}

}  // namespace
}  // namespace pycpack::testing

namespace pycpack::testing {
namespace {

TEST(ParseManifest, DeploymentOutputsAndVariants) {
  Result<Manifest> r = ParseManifest(
      R"({"manifest_version": 1,
          "variants": {"release": {"force_mode": "pyc-only", "optimize": [2]},
                       "debug": {"mode": "inherit", "retain_sources": true}},
          "libraries": [{"name": "a", "root": "s"}],
          "outputs": [
            {"path": "d", "format": "wheel", "name": "My-App", "version": "1.0",
             "requires_dist": ["idna"], "variant": "release"},
            {"path": "l.zip", "format": "lambda-layer"},
            {"path": "o.tar.zst", "format": "oci-layer", "compression": "zstd"},
            {"path": "o.tar.gz", "format": "oci-layer", "variant": "debug"}]})",
      "m.json", "/p");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->variants.size(), 2u);
  EXPECT_EQ(r->variants[0].name, "release");  // the manifest's order
  EXPECT_EQ(r->variants[0].force_mode, Mode::kPycOnly);
  EXPECT_EQ(r->variants[0].settings.optimize, std::vector<int>{2});
  EXPECT_FALSE(r->variants[0].retain_sources);
  EXPECT_EQ(r->variants[1].json_path, "variants.debug");
  EXPECT_FALSE(r->variants[1].settings.mode.has_value());
  EXPECT_TRUE(r->variants[1].retain_sources);
  EXPECT_EQ(r->outputs[0].wheel.name, "My-App");
  EXPECT_EQ(r->outputs[0].wheel.requires_dist, std::vector<std::string>{"idna"});
  EXPECT_EQ(r->outputs[0].variant, "release");
  EXPECT_EQ(r->outputs[1].prefix, "python/");  // the lambda-layer default
  EXPECT_EQ(r->outputs[2].compression, Compression::kZstd);
  EXPECT_EQ(r->outputs[3].compression, Compression::kGzip);  // the default
}

}  // namespace
}  // namespace pycpack::testing
