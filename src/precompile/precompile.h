// One precompile request, the same whether it comes from the command line
// or from a Bazel WorkRequest: read each --src, compile it at each level,
// and write every --pyc in canonical form — all of them or, when any source
// fails to compile, none.
#ifndef PYCPACK_PRECOMPILE_PRECOMPILE_H_
#define PYCPACK_PRECOMPILE_PRECOMPILE_H_

#include <atomic>
#include <string>

#include "precompile/precompile_args.h"
#include "pycpack/compiler.h"
#include "pycpack/filesystem.h"

namespace pycpack {

struct PrecompileOutcome {
  int exit_code = 0;   // as the one-shot command exits (Status::ExitCode)
  std::string output;  // diagnostics and notes, one per line
  bool cancelled = false;  // stopped by |cancelled| before writing anything
  size_t written = 0;      // pycs written
};

struct PrecompileEnv {
  FileSystem* fs = nullptr;
  // Compiles for args.python_version (the caller picked it; see
  // CompilerSet). Its pycs must already be canonical.
  Compiler* compiler = nullptr;
  // Prefixed to every relative --src and --pyc path (a WorkRequest's
  // sandboxDir); "" for none.
  std::string base_dir;
  int verbosity = 0;  // > 0: one line per pyc written
  // Checked between files; when set, nothing more is compiled or written.
  const std::atomic<bool>* cancelled = nullptr;
};

// Runs |args|. Sources are all compiled before the first pyc is written;
// each pyc is staged beside its destination and renamed into place, and
// missing parent directories are made.
PrecompileOutcome RunPrecompile(const PrecompileArgs& args, const PrecompileEnv& env);

}  // namespace pycpack

#endif  // PYCPACK_PRECOMPILE_PRECOMPILE_H_
