#include "plan/resolve.h"

#include <string>

namespace pycpack {
namespace {

std::optional<Mode> Chosen(const std::optional<Mode>& m) {
  if (m && *m != Mode::kInherit) return m;
  return std::nullopt;
}

std::string LevelList(const std::vector<int>& levels) {
  std::string s = "[";
  for (size_t i = 0; i < levels.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(levels[i]);
  }
  return s + "]";
}

}  // namespace

Result<EffectiveSettings> ResolveSettings(const Manifest& manifest,
                                          const Library& library,
                                          const Overrides& overrides,
                                          const Variant* variant) {
  const Settings& lib = library.settings;
  Settings def = manifest.defaults;
  std::optional<Mode> forced = overrides.force_mode;
  bool retain_sources = overrides.retain_sources;
  if (variant != nullptr) {
    const Settings& v = variant->settings;
    if (v.mode) def.mode = v.mode;
    if (v.optimize) def.optimize = v.optimize;
    if (v.strip_docstrings) def.strip_docstrings = v.strip_docstrings;
    if (v.source_path) def.source_path = v.source_path;
    if (v.on_compile_error) def.on_compile_error = v.on_compile_error;
    if (v.check_syntax) def.check_syntax = v.check_syntax;
    if (!Chosen(forced)) forced = variant->force_mode;
    retain_sources = retain_sources || variant->retain_sources;
  }
  EffectiveSettings eff;
  if (auto m = Chosen(forced)) {
    eff.mode = *m;
  } else if (auto m = Chosen(lib.mode)) {
    eff.mode = *m;
  } else if (auto m = Chosen(def.mode)) {
    eff.mode = *m;
  }
  if (retain_sources && eff.mode == Mode::kPycOnly) {
    eff.mode = Mode::kPyPycUnchecked;
  }
  if (lib.optimize) {
    eff.optimize = *lib.optimize;
  } else if (def.optimize) {
    eff.optimize = *def.optimize;
  }
  eff.strip_docstrings =
      lib.strip_docstrings.value_or(def.strip_docstrings.value_or(false));
  eff.source_path = lib.source_path.value_or(def.source_path.value_or(SourcePath{}));
  eff.on_compile_error = lib.on_compile_error.value_or(
      def.on_compile_error.value_or(CompileErrorPolicy::kFail));
  eff.check_syntax = lib.check_syntax.value_or(def.check_syntax.value_or(true));
  if (eff.mode == Mode::kPycOnly && eff.optimize.size() != 1) {
    return ManifestError(manifest.path + ": " + library.json_path +
                         ": pyc-only takes exactly one optimize level, got " +
                         LevelList(eff.optimize) + " (library \"" +
                         library.name + "\"" +
                         (variant ? ", variant \"" + variant->name + "\"" : "") +
                         ")");
  }
  return eff;
}

Invalidation InvalidationFor(Mode mode) {
  return mode == Mode::kPyPycChecked ? Invalidation::kCheckedHash
                                     : Invalidation::kUncheckedHash;
}

bool ModeCompiles(Mode mode) {
  return mode == Mode::kPycOnly || mode == Mode::kPyPycChecked ||
         mode == Mode::kPyPycUnchecked;
}

}  // namespace pycpack
