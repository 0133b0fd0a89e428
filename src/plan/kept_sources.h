// Sources kept because they do not compile (on_compile_error "keep-source",
// docs/manifest.md): how the planner makes the entries that depend on them
// conditional, and the list an artifact holds of them
// (kKeptSourcesName, read back by `pycpack verify`).
#ifndef PYCPACK_PLAN_KEPT_SOURCES_H_
#define PYCPACK_PLAN_KEPT_SOURCES_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "plan/planner.h"
#include "pycpack/compiler.h"
#include "pycpack/status.h"

namespace pycpack {

// Makes file |fi| a unit of |out| when anything is compiled for it: its
// kPyc entries in |entries| (paths without the output's |prefix|) and its
// syntax-check jobs |checks| are the unit's jobs, and every conditional
// entry (When other than kAlways) gets the unit. Nothing happens for a file
// with no job (a data file, a py-only source left unchecked).
void AddKeepUnit(const Plan& plan, size_t fi, const std::string& prefix,
                 const std::vector<size_t>& checks,
                 std::vector<PlannedEntry>* entries, PlannedOutput* out);

// Adds the kKeptList entry at |dir| + kKeptSourcesName to |entries| (by
// path). Fails (kManifest, prefixed by |where|) when a library put a file
// there.
Status AddKeptList(const std::string& where, const std::string& dir,
                   std::map<std::string, PlannedEntry>* entries);

// Makes every directory of |entries| whose files are all kIfCompiled (a
// __pycache__ of keep-source files) kIfCompiled on the union of their
// units: it ships when one of them does.
void MarkConditionalDirs(std::map<std::string, PlannedEntry>* entries);

// One source of an artifact kept because it does not compile.
struct KeptSource {
  std::string path;                  // relative to KeptListBase of the list
  std::vector<std::string> targets;  // those it failed for, in build order
  Diagnostic error;                  // the first target's error
};

// The directory the paths of the list at |list_path| are relative to: its
// own, or for a list in a .dist-info the one holding that (as for RECORD).
std::string_view KeptListBase(std::string_view list_path);

// The list, deterministic: a JSON object
//   {"format": "pycpack-kept-sources", "version": 1,
//    "kept": [{"path", "targets": [names], "line", "col", "kind",
//              "message"}, ...]}
// sorted by path, one kept source per line. Bytes of a path or message
// that are not UTF-8 are written as the lone surrogates \udc80-\udcff
// (Python's surrogateescape), so a path reads back as os.walk names it.
std::string KeptListText(std::vector<KeptSource> kept);

}  // namespace pycpack

#endif  // PYCPACK_PLAN_KEPT_SOURCES_H_
