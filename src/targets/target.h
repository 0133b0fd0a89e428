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

// Probes |spec|: the embedded interpreter (spec.python empty) is described
// by |embedded|; any other runs once to report what it is. Refuses, with a
// UsageError naming the target, an interpreter that cannot be found or
// run, that is not CPython (PyPy's bytecode and marshal format are its
// own), or whose bytecode pycpack cannot put into canonical form (CPython
// older than 3.8 or newer than pycpack knows). |cwd| resolves relative
// program paths. REQUIRES: |embedded| describes the embedded interpreter.
Result<Target> ProbeTarget(const TargetSpec& spec, const InterpreterInfo& embedded,
                           const std::string& cwd);

// Fails when two targets share a cache tag (their pycs would have the same
// names), naming both.
Status CheckDistinctCacheTags(const std::vector<Target>& targets);

}  // namespace pycpack

#endif  // PYCPACK_TARGETS_TARGET_H_
