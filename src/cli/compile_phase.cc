#include "cli/compile_phase.h"

#include <memory>
#include <optional>
#include <set>
#include <tuple>

#include "cache/compile_cache.h"
#include "util/paths.h"
#include "workers/frame.h"

namespace pycpack {
namespace {

void PrintDiagnostic(const BuildEnv& env, const BuildOptions& opt,
                     const DiagnosticReport& d) {
  if (!env.log || (!d.error && opt.verbosity == 0)) return;
  std::ostream& log = *env.log;
  if (env.progress) log << "\r\033[K";
  // Always "path:line:col:" (0 when unknown), so tools can parse it.
  log << d.path << ':' << d.diagnostic.line << ':' << d.diagnostic.col << ": "
      << (d.error ? "" : "warning: ") << d.diagnostic.kind << ": "
      << d.diagnostic.message << '\n';
}

void Warn(const BuildEnv& env, const BuildOptions& opt, const std::string& m) {
  if (env.log && opt.verbosity > 0) *env.log << "pycpack: warning: " << m << '\n';
}

// Moves the results into |pycs| in job order, reporting diagnostics once
// per file (a file compiled at several levels fails or warns at each).
Status Collect(const Plan& plan, const BuildOptions& opt, const BuildEnv& env,
               std::vector<std::optional<CompileResult>>* results,
               std::vector<std::string>* pycs, BuildReport* report) {
  std::set<size_t> failed;
  std::set<std::tuple<size_t, int, std::string>> warned;
  for (size_t j = 0; j < plan.jobs.size(); ++j) {
    const SourceFile& f = plan.files[plan.jobs[j].file];
    CompileResult& r = *(*results)[j];
    std::string shown = ShownPath(env, f.disk_path);
    for (const Diagnostic& w : r.warnings) {
      if (!warned.emplace(plan.jobs[j].file, w.line, w.message).second) continue;
      report->diagnostics.push_back({shown, w, false});
      PrintDiagnostic(env, opt, report->diagnostics.back());
    }
    if (!r.pyc) {
      if (failed.insert(plan.jobs[j].file).second) {
        report->diagnostics.push_back({shown, r.error, true});
        PrintDiagnostic(env, opt, report->diagnostics.back());
      }
      continue;
    }
    report->pyc_bytes += r.pyc->size();
    (*pycs)[j] = std::move(*r.pyc);
  }
  if (!failed.empty()) {
    return CompileError(std::to_string(failed.size()) + " file" +
                        (failed.size() == 1 ? "" : "s") +
                        " failed to compile; nothing was written");
  }
  return Status::Ok();
}

CompileRequest RequestFor(const Plan& plan, size_t j,
                          const std::vector<std::string>& contents) {
  const CompileJob& job = plan.jobs[j];
  return CompileRequest{contents[job.file], job.dfile, job.optimize,
                        job.strip_docstrings, job.invalidation};
}

// Fills |results| from the cache; returns the jobs still to compile. A cache
// entry holds the frame encoding of the whole CompileResult, so warnings
// are shown again on a warm build.
std::vector<size_t> FromCache(const Plan& plan,
                              const std::vector<std::string>& contents,
                              const BuildOptions& opt, const BuildEnv& env,
                              std::vector<std::optional<CompileResult>>* results) {
  std::vector<size_t> todo;
  for (size_t j = 0; j < plan.jobs.size(); ++j) {
    if (env.cache) {
      Status corrupt;
      std::optional<std::string> hit =
          env.cache->Get(RequestFor(plan, j, contents), &corrupt);
      if (!corrupt.ok()) Warn(env, opt, corrupt.message() + "; recompiling");
      if (hit) {
        Result<std::pair<uint64_t, CompileResult>> r = DecodeResult(*hit);
        if (r.ok() && r->second.pyc) {
          (*results)[j] = std::move(r->second);
          continue;
        }
        Warn(env, opt, "unreadable cache entry for " + plan.jobs[j].dfile +
                           "; recompiling");
      }
    }
    todo.push_back(j);
  }
  return todo;
}

// Stores fresh results; a failure to store is one warning, never an error.
void ToCache(const Plan& plan, const std::vector<std::string>& contents,
             const std::vector<size_t>& compiled, const BuildOptions& opt,
             const BuildEnv& env,
             const std::vector<std::optional<CompileResult>>& results) {
  if (!env.cache) return;
  Status first;
  for (size_t j : compiled) {
    if (!results[j]->pyc) continue;
    Status s = env.cache->Put(RequestFor(plan, j, contents),
                              EncodeResult(0, *results[j]));
    if (!s.ok() && first.ok()) first = s;
  }
  if (!first.ok()) Warn(env, opt, "compile cache not updated: " + first.message());
}

}  // namespace

std::string ShownPath(const BuildEnv& env, const std::string& path) {
  if (!env.cwd.empty() && IsWithin(path, env.cwd) && path != env.cwd) {
    return RelativeTo(path, env.cwd);
  }
  return path;
}

Status CompileAll(const Plan& plan, const std::vector<std::string>& contents,
                  const BuildOptions& opt, const BuildEnv& env,
                  std::vector<std::string>* pycs, BuildReport* report) {
  pycs->resize(plan.jobs.size());
  std::vector<std::optional<CompileResult>> results(plan.jobs.size());
  std::vector<size_t> todo = FromCache(plan, contents, opt, env, &results);
  report->cached = plan.jobs.size() - todo.size();
  report->compiled = todo.size();
  std::unique_ptr<CompileExecutor> executor;
  if (env.make_executor) {
    Result<std::unique_ptr<CompileExecutor>> e = env.make_executor(todo.size());
    if (!e.ok()) return e.status();
    executor = std::move(e).value();
  } else {
    executor = NewInProcessExecutor(env.compiler);
  }
  size_t finished = 0;
  auto make = [&](size_t i) {
    const CompileJob& job = plan.jobs[todo[i]];
    if (opt.verbosity > 1 && env.log) {
      *env.log << "compile " << plan.files[job.file].rel_path << " (optimize "
               << job.optimize << ")\n";
    }
    return RequestFor(plan, todo[i], contents);
  };
  auto done = [&](size_t i, CompileResult r) {
    results[todo[i]] = std::move(r);
    if (env.progress && env.log && opt.verbosity > 0 && ++finished % 16 == 0) {
      *env.log << "\r\033[Kcompiled " << finished << '/' << todo.size()
               << " (" << report->cached << " cached)" << std::flush;
    }
    return Status::Ok();
  };
  auto label = [&](size_t i) {
    return plan.files[plan.jobs[todo[i]].file].disk_path;
  };
  Status s = executor->Run(todo.size(), make, done, label);
  if (env.progress && env.log && opt.verbosity > 0) *env.log << "\r\033[K";
  PYCPACK_RETURN_IF_ERROR(s);
  ToCache(plan, contents, todo, opt, env, results);
  if (env.cache) {
    report->cache_dir = env.cache->dir();
    report->cache = env.cache->stats();
  }
  return Collect(plan, opt, env, &results, pycs, report);
}

}  // namespace pycpack
