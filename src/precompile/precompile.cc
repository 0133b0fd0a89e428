#include "precompile/precompile.h"

#include <algorithm>
#include <vector>

#include "compile/diagnostic_text.h"
#include "pycpack/archive.h"
#include "util/paths.h"

namespace pycpack {
namespace {

std::string Under(const std::string& base, const std::string& path) {
  if (base.empty() || (!path.empty() && path[0] == '/')) return path;
  return JoinPath(base, path);
}

bool Cancelled(const PrecompileEnv& env) {
  return env.cancelled != nullptr && env.cancelled->load();
}

Status MakeParents(FileSystem* fs, const std::string& path) {
  const std::string dir(DirName(path));
  if (dir.empty() || dir == "/" || dir == "." || fs->Exists(dir)) return Status::Ok();
  PYCPACK_RETURN_IF_ERROR(MakeParents(fs, dir));
  return fs->MakeDir(dir, 0755);
}

Status WritePyc(FileSystem* fs, const std::string& path, const std::string& bytes) {
  PYCPACK_RETURN_IF_ERROR(MakeParents(fs, path));
  Result<std::unique_ptr<StagedOutput>> staged = StagedOutput::Begin(fs, path);
  if (!staged.ok()) return staged.status();
  Result<std::unique_ptr<WritableFile>> f = fs->NewWritableFile((*staged)->staging_path(), 0644);
  if (!f.ok()) return f.status();
  PYCPACK_RETURN_IF_ERROR((*f)->Append(bytes));
  PYCPACK_RETURN_IF_ERROR((*f)->Close());
  return (*staged)->Commit();
}

struct Compiled {
  std::string path;  // destination
  std::string pyc;
};

// Compiles every file at every level into |out|; diagnostics go to
// |outcome|. Returns false when a source failed or a step broke.
bool CompileAll(const PrecompileArgs& args, const PrecompileEnv& env,
                std::vector<Compiled>* out, PrecompileOutcome* outcome) {
  bool ok = true;
  for (const PrecompileFile& f : args.files) {
    if (Cancelled(env)) return false;
    Result<std::string> source = env.fs->ReadFile(Under(env.base_dir, f.src));
    if (!source.ok()) {
      outcome->output += "pycpack: error: " + source.status().message() + "\n";
      outcome->exit_code = std::max(outcome->exit_code, source.status().ExitCode());
      ok = false;
      continue;
    }
    for (size_t i = 0; i < args.levels.size(); ++i) {
      CompileRequest req{*source, f.src_name, args.levels[i], args.strip_docstrings,
                         args.invalidation};
      Result<CompileResult> res = env.compiler->Compile(req);
      if (!res.ok()) {
        outcome->output += "pycpack: error: " + res.status().message() + "\n";
        outcome->exit_code = std::max(outcome->exit_code, res.status().ExitCode());
        return false;
      }
      if (i == 0) {
        for (const Diagnostic& w : res->warnings) {
          outcome->output += FormatDiagnostic(f.src, w, false) + "\n";
        }
      }
      if (!res->pyc) {
        outcome->output += FormatDiagnostic(f.src, res->error, true) + "\n";
        outcome->exit_code = std::max(outcome->exit_code, 1);
        ok = false;
        break;
      }
      out->push_back({Under(env.base_dir, f.pycs[i]), std::move(*res->pyc)});
    }
  }
  return ok;
}

}  // namespace

PrecompileOutcome RunPrecompile(const PrecompileArgs& args, const PrecompileEnv& env) {
  PrecompileOutcome outcome;
  std::vector<Compiled> compiled;
  if (!CompileAll(args, env, &compiled, &outcome)) {
    if (Cancelled(env)) {
      outcome.cancelled = true;
    } else if (outcome.exit_code == 1) {
      outcome.output += "pycpack: error: a source did not compile; no pyc was written\n";
    }
    return outcome;
  }
  for (const Compiled& c : compiled) {
    if (Cancelled(env)) {
      outcome.cancelled = true;
      return outcome;
    }
    if (Status s = WritePyc(env.fs, c.path, c.pyc); !s.ok()) {
      outcome.output += "pycpack: error: " + s.message() + "\n";
      outcome.exit_code = s.ExitCode();
      return outcome;
    }
    ++outcome.written;
    if (env.verbosity > 0) outcome.output += "wrote " + c.path + "\n";
  }
  return outcome;
}

}  // namespace pycpack
