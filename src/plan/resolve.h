// Effective compile settings of a library: command line > library >
// manifest defaults > built-in defaults.
#ifndef PYCPACK_PLAN_RESOLVE_H_
#define PYCPACK_PLAN_RESOLVE_H_

#include <optional>
#include <vector>

#include "pycpack/compiler.h"
#include "pycpack/manifest.h"
#include "pycpack/status.h"

namespace pycpack {

// The mode used when neither the command line, the library nor the
// manifest's defaults choose one: sources plus checked pycs is correct even
// if the sources are edited after deployment.
inline constexpr Mode kBuiltinDefaultMode = Mode::kPyPycChecked;

// What the command line says over the manifest.
struct Overrides {
  std::optional<Mode> force_mode;  // never kInherit
  bool retain_sources = false;     // pyc-only becomes py+pyc-unchecked
};

struct EffectiveSettings {
  Mode mode = kBuiltinDefaultMode;  // never kInherit
  std::vector<int> optimize{0};     // ascending, distinct
  bool strip_docstrings = false;
  SourcePath source_path;
  CompileErrorPolicy on_compile_error = CompileErrorPolicy::kFail;
  bool check_syntax = true;  // py-only: compile every source, ship none
};

// Resolves |library|'s settings, for |variant| if not null: the variant's
// settings replace the manifest's defaults they set, its force_mode applies
// unless the command line forces a mode, and its retain_sources adds to the
// command line's. Fails (kManifest, naming the library's JSON path) when
// the result is pyc-only with other than exactly one level.
Result<EffectiveSettings> ResolveSettings(const Manifest& manifest,
                                          const Library& library,
                                          const Overrides& overrides,
                                          const Variant* variant = nullptr);

// PEP 552 invalidation written for |mode|. REQUIRES: mode compiles.
Invalidation InvalidationFor(Mode mode);

// True for the modes that ship bytecode.
bool ModeCompiles(Mode mode);

}  // namespace pycpack

#endif  // PYCPACK_PLAN_RESOLVE_H_
