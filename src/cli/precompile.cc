#include "cli/precompile.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <iostream>

#include "bazel_worker/worker_loop.h"
#include "precompile/compiler_set.h"
#include "precompile/precompile.h"
#include "precompile/precompile_worker.h"
#include "util/paths.h"
#include "workers/canonical_compiler.h"

namespace pycpack {
namespace {

int Fail(const Status& s) {
  std::cerr << "pycpack: error: " << s.message() << '\n';
  return s.ExitCode();
}

int ServeWorker(CompilerSet* compilers, FileSystem* fs,
                int parallel) {
  // Responses are the only thing on stdout: it is kept for them, and fd 1
  // becomes stderr, so nothing else printed (by us or by libpython) can
  // corrupt the stream. A Bazel that goes away must not kill us mid-write.
  signal(SIGPIPE, SIG_IGN);
  int out = fcntl(1, F_DUPFD_CLOEXEC, 3);
  if (out < 0 || dup2(2, 1) < 0) return Fail(IoError("cannot set up the worker's stdout"));
  WorkerLoopOptions options;
  options.parallel = parallel;
  options.log = &std::cerr;
  return RunWorkerLoop(0, out, MakePrecompileHandler(compilers, fs), options);
}

}  // namespace

int RunPrecompileCommand(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << PrecompileHelp();
      return 0;
    }
  }
  std::unique_ptr<FileSystem> fs = NewRealFileSystem();
  auto read_params = [&](const std::string& path) { return fs->ReadFile(path); };
  bool worker = false;
  for (const std::string& a : args) worker |= a == "--persistent_worker";
  Result<PrecompileArgs> parsed = ParsePrecompileArgs(args, read_params, worker);
  if (!parsed.ok()) return Fail(parsed.status());
  Result<std::unique_ptr<Compiler>> embedded = NewEmbeddedCompiler();
  if (!embedded.ok()) return Fail(embedded.status());
  std::unique_ptr<Compiler> canonical = NewCanonicalCompiler(std::move(embedded).value());
  const int cores = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  const int parallel = parsed->jobs > 0 ? parsed->jobs : std::max(1, cores);
  CompilerSet::Options options{parsed->interpreters, worker && parallel > 1, CurrentDirectory()};
  CompilerSet compilers(options, canonical.get());
  if (worker) return ServeWorker(&compilers, fs.get(), parallel);
  Result<CompilerSet::Lease> lease = compilers.Borrow(parsed->python_version);
  if (!lease.ok()) return Fail(lease.status());
  PrecompileEnv env{fs.get(), lease->get(), "", 0, nullptr};
  PrecompileOutcome outcome = RunPrecompile(*parsed, env);
  std::cerr << outcome.output;
  return outcome.exit_code;
}

}  // namespace pycpack
