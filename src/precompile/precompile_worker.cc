#include "precompile/precompile_worker.h"

#include <unistd.h>

#include "precompile/precompile.h"
#include "util/paths.h"

namespace pycpack {

WorkOutcome RunPrecompileRequest(const WorkRequest& request, const std::atomic<bool>& cancelled,
                                 CompilerSet* compilers, FileSystem* fs) {
  WorkOutcome out;
  auto read_params = [&](const std::string& path) {
    const bool relative = !path.empty() && path[0] != '/';
    return fs->ReadFile(relative && !request.sandbox_dir.empty()
                            ? JoinPath(request.sandbox_dir, path)
                            : path);
  };
  Result<PrecompileArgs> args = ParsePrecompileArgs(request.arguments, read_params, false);
  if (!args.ok()) {
    out.exit_code = args.status().ExitCode();
    out.output = "pycpack: error: " + args.status().message() + "\n";
    return out;
  }
  for (const auto& [version, program] : args->interpreters) {
    if (Status s = compilers->Declare(version, program); !s.ok()) {
      out.exit_code = s.ExitCode();
      out.output = "pycpack: error: " + s.message() + "\n";
      return out;
    }
  }
  Result<CompilerSet::Lease> lease = compilers->Borrow(args->python_version);
  if (!lease.ok()) {
    out.exit_code = lease.status().ExitCode();
    out.output = "pycpack: error: " + lease.status().message() + "\n";
    return out;
  }
  PrecompileEnv env{fs, lease->get(), request.sandbox_dir, request.verbosity, &cancelled};
  PrecompileOutcome done = RunPrecompile(*args, env);
  out.exit_code = done.exit_code;
  out.cancelled = done.cancelled;
  out.output = std::move(done.output);
  if (request.verbosity > 0) {
    const InterpreterInfo& info = lease->get()->info();
    out.output += "pycpack worker " + std::to_string(getpid()) + ": request " +
                  std::to_string(request.request_id) + ": " + std::to_string(done.written) +
                  " pyc(s) for CPython " + info.version +
                  (request.sandbox_dir.empty() ? "" : " in sandbox " + request.sandbox_dir) +
                  "\n";
  }
  return out;
}

WorkHandler MakePrecompileHandler(CompilerSet* compilers, FileSystem* fs) {
  return [compilers, fs](const WorkRequest& r, const std::atomic<bool>& cancelled) {
    return RunPrecompileRequest(r, cancelled, compilers, fs);
  };
}

}  // namespace pycpack
