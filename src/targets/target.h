// Target interpreters: what a build compiles for. The embedded CPython
// compiles in this process or in `pycpack __worker` processes; any other
// interpreter ("foreign") runs the program of targets/foreign_program.h in
// worker processes of its own, and its pycs are canonicalised here.
#ifndef PYCPACK_TARGETS_TARGET_H_
#define PYCPACK_TARGETS_TARGET_H_

#include <string>
#include <vector>

#include "pycpack/compiler.h"
#include "pycpack/manifest.h"
#include "pycpack/status.h"

namespace pycpack {

struct Target {
  std::string name;
  bool embedded = false;
  InterpreterInfo info;
  // How to start one compile worker: the command line, and for foreign
  // interpreters the whole environment (empty: inherit ours).
  std::vector<std::string> worker_argv;
  std::vector<std::string> worker_env;
};

// "CPython 3.12" (implementation and major.minor of |info|).
std::string TargetLabel(const InterpreterInfo& info);

// Why pycpack cannot compile for the interpreter |info| describes, as the
// rest of a sentence whose subject is that interpreter ("is newer than this
// pycpack supports (3.8–3.15)"), or "" when it can. |hash_based|: it can
// compute and load PEP 552 pycs. In this order: not CPython (PyPy's
// bytecode and marshal format are its own); a CPython newer than every
// version pycpack knows (magic number above marshal::NewestKnownMagic(), or
// major.minor above the newest layout's, as for an alpha); no cache tag,
// malformed magic or no hash-based pycs; a magic number without a known
// layout (older than 3.8, or a pre-release of a known version).
std::string UnsupportedReason(const InterpreterInfo& info, bool hash_based);

// Probes |spec|: the embedded interpreter (spec.python empty) is described
// by |embedded|; any other runs once to report what it is. Refuses, with a
// UsageError naming the target, an interpreter that cannot be found or
// run, or one UnsupportedReason refuses ("target \"x\": CPython 3.16
// (3.16.0a1, '/path') is newer than ..."). |cwd| resolves relative program
// paths. REQUIRES: |embedded| describes the embedded interpreter.
Result<Target> ProbeTarget(const TargetSpec& spec, const InterpreterInfo& embedded,
                           const std::string& cwd);

// Fails when two targets share a cache tag (their pycs would have the same
// names), naming both.
Status CheckDistinctCacheTags(const std::vector<Target>& targets);

}  // namespace pycpack

#endif  // PYCPACK_TARGETS_TARGET_H_
