// ParseManifest on arbitrary bytes. Besides crashes, aborts when a result
// breaks the contract of include/pycpack/manifest.h: errors are kManifest
// and name the manifest; a parsed manifest has absolute library roots, no
// stored "inherit" and optimisation levels 0..2 without duplicates.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "pycpack/manifest.h"

namespace pycpack {
namespace {

constexpr std::string_view kName = "fuzz.json";

void CheckSettings(const Settings& s) {
  if (s.mode == Mode::kInherit) abort();
  if (!s.optimize) return;
  std::set<int> seen;
  for (int level : *s.optimize) {
    if (level < 0 || level > 2 || !seen.insert(level).second) abort();
  }
}

void CheckManifest(const Manifest& m) {
  CheckSettings(m.defaults);
  for (const Library& lib : m.libraries) {
    if (!lib.root.starts_with('/')) abort();
    CheckSettings(lib.settings);
  }
  for (const Variant& v : m.variants) {
    CheckSettings(v.settings);
    if (v.force_mode == Mode::kInherit) abort();
  }
  if (m.targets.empty()) abort();
}

}  // namespace
}  // namespace pycpack

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pycpack;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<Manifest> m = ParseManifest(text, kName, "/fuzz/base");
  if (m.ok()) {
    CheckManifest(*m);
  } else if (m.status().code() != ErrorCode::kManifest ||
             !m.status().message().starts_with(kName)) {
    abort();
  }
  return 0;
}
