#include "plan/resolve.h"

#include <gtest/gtest.h>

namespace pycpack {
namespace {

Manifest OneLibrary() {
  Manifest m;
  m.path = "m.json";
  Library lib;
  lib.name = "app";
  lib.root = "/src";
  lib.json_path = "libraries[0]";
  m.libraries.push_back(lib);
  return m;
}

Mode Resolved(const Manifest& m, const Overrides& o = {}) {
  Result<EffectiveSettings> r = ResolveSettings(m, m.libraries[0], o);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r->mode : Mode::kInherit;
}

TEST(ResolveTest, BuiltInDefaultWhenNothingIsSet) {
  Manifest m = OneLibrary();
  EXPECT_EQ(Resolved(m), kBuiltinDefaultMode);
  EXPECT_EQ(kBuiltinDefaultMode, Mode::kPyPycChecked);
  Result<EffectiveSettings> r = ResolveSettings(m, m.libraries[0], {});
  EXPECT_EQ(r->optimize, std::vector<int>{0});
  EXPECT_FALSE(r->strip_docstrings);
  EXPECT_TRUE(r->source_path.relative);
}

TEST(ResolveTest, DefaultsBeatBuiltIn) {
  Manifest m = OneLibrary();
  m.defaults.mode = Mode::kPyOnly;
  EXPECT_EQ(Resolved(m), Mode::kPyOnly);
}

TEST(ResolveTest, LibraryBeatsDefaults) {
  Manifest m = OneLibrary();
  m.defaults.mode = Mode::kPyOnly;
  m.libraries[0].settings.mode = Mode::kPyPycUnchecked;
  EXPECT_EQ(Resolved(m), Mode::kPyPycUnchecked);
}

TEST(ResolveTest, InheritMeansTheDefault) {
  Manifest m = OneLibrary();
  m.defaults.mode = Mode::kPyOnly;
  m.libraries[0].settings.mode = Mode::kInherit;
  EXPECT_EQ(Resolved(m), Mode::kPyOnly);
  m.defaults.mode = Mode::kInherit;
  EXPECT_EQ(Resolved(m), kBuiltinDefaultMode);
}

TEST(ResolveTest, ForceModeBeatsEverything) {
  Manifest m = OneLibrary();
  m.defaults.mode = Mode::kPyOnly;
  m.libraries[0].settings.mode = Mode::kPyPycUnchecked;
  Overrides o;
  o.force_mode = Mode::kPycOnly;
  EXPECT_EQ(Resolved(m, o), Mode::kPycOnly);
}

TEST(ResolveTest, RetainSourcesTurnsPycOnlyIntoUncheckedPyPyc) {
  Manifest m = OneLibrary();
  m.libraries[0].settings.mode = Mode::kPycOnly;
  Overrides o;
  o.retain_sources = true;
  EXPECT_EQ(Resolved(m, o), Mode::kPyPycUnchecked);
  o.force_mode = Mode::kPycOnly;
  EXPECT_EQ(Resolved(m, o), Mode::kPyPycUnchecked);
  m.libraries[0].settings.mode = Mode::kPyOnly;
  o.force_mode.reset();
  EXPECT_EQ(Resolved(m, o), Mode::kPyOnly);
}

TEST(ResolveTest, OptimizeStripAndSourcePathFollowPrecedence) {
  Manifest m = OneLibrary();
  m.defaults.optimize = std::vector<int>{0, 1};
  m.defaults.strip_docstrings = true;
  m.defaults.source_path = SourcePath{false, "/var/task/"};
  Result<EffectiveSettings> r = ResolveSettings(m, m.libraries[0], {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->optimize, (std::vector<int>{0, 1}));
  EXPECT_TRUE(r->strip_docstrings);
  EXPECT_EQ(r->source_path.prefix, "/var/task/");
  m.libraries[0].settings.optimize = std::vector<int>{2};
  m.libraries[0].settings.strip_docstrings = false;
  m.libraries[0].settings.source_path = SourcePath{};
  r = ResolveSettings(m, m.libraries[0], {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->optimize, std::vector<int>{2});
  EXPECT_FALSE(r->strip_docstrings);
  EXPECT_TRUE(r->source_path.relative);
}

TEST(ResolveTest, CompileErrorPolicyAndSyntaxCheckFollowPrecedence) {
  Manifest m = OneLibrary();
  Result<EffectiveSettings> r = ResolveSettings(m, m.libraries[0], {});
  EXPECT_EQ(r->on_compile_error, CompileErrorPolicy::kFail);
  EXPECT_TRUE(r->check_syntax);
  m.defaults.on_compile_error = CompileErrorPolicy::kKeepSource;
  m.defaults.check_syntax = false;
  r = ResolveSettings(m, m.libraries[0], {});
  EXPECT_EQ(r->on_compile_error, CompileErrorPolicy::kKeepSource);
  EXPECT_FALSE(r->check_syntax);
  // A variant replaces the defaults; the library's own value wins.
  Variant v;
  v.name = "strict";
  v.settings.on_compile_error = CompileErrorPolicy::kFail;
  v.settings.check_syntax = true;
  r = ResolveSettings(m, m.libraries[0], {}, &v);
  EXPECT_EQ(r->on_compile_error, CompileErrorPolicy::kFail);
  EXPECT_TRUE(r->check_syntax);
  m.libraries[0].settings.on_compile_error = CompileErrorPolicy::kKeepSource;
  m.libraries[0].settings.check_syntax = false;
  r = ResolveSettings(m, m.libraries[0], {}, &v);
  EXPECT_EQ(r->on_compile_error, CompileErrorPolicy::kKeepSource);
  EXPECT_FALSE(r->check_syntax);
}

TEST(ResolveTest, PycOnlyNeedsExactlyOneLevel) {
  Manifest m = OneLibrary();
  m.defaults.optimize = std::vector<int>{0, 2};
  m.libraries[0].settings.mode = Mode::kPycOnly;
  Result<EffectiveSettings> r = ResolveSettings(m, m.libraries[0], {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kManifest);
  EXPECT_EQ(r.status().ExitCode(), 2);
  EXPECT_NE(r.status().message().find("libraries[0]"), std::string::npos);
  EXPECT_NE(r.status().message().find("exactly one optimize level"),
            std::string::npos);
  EXPECT_NE(r.status().message().find("[0, 2]"), std::string::npos);
  // The same levels are fine once sources are retained.
  Overrides o;
  o.retain_sources = true;
  EXPECT_TRUE(ResolveSettings(m, m.libraries[0], o).ok());
}

TEST(ResolveTest, InvalidationFollowsTheMode) {
  EXPECT_EQ(InvalidationFor(Mode::kPyPycChecked), Invalidation::kCheckedHash);
  EXPECT_EQ(InvalidationFor(Mode::kPyPycUnchecked),
            Invalidation::kUncheckedHash);
  EXPECT_EQ(InvalidationFor(Mode::kPycOnly), Invalidation::kUncheckedHash);
  EXPECT_FALSE(ModeCompiles(Mode::kPyOnly));
  EXPECT_TRUE(ModeCompiles(Mode::kPycOnly));
}

}  // namespace
}  // namespace pycpack
