#include "cli/build.h"

#include <chrono>
#include <memory>
#include <set>
#include <tuple>

#include "plan/planner.h"
#include "util/paths.h"
#include "util/sha256.h"

namespace pycpack {
namespace {

std::string ShownPath(const BuildEnv& env, const std::string& path) {
  if (!env.cwd.empty() && IsWithin(path, env.cwd) && path != env.cwd) {
    return RelativeTo(path, env.cwd);
  }
  return path;
}

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

// Reads every planned file once.
Status ReadSources(const Plan& plan, FileSystem* fs,
                   std::vector<std::string>* contents) {
  contents->resize(plan.files.size());
  for (size_t i = 0; i < plan.files.size(); ++i) {
    Result<std::string> data = fs->ReadFile(plan.files[i].disk_path);
    if (!data.ok()) return data.status();
    (*contents)[i] = std::move(data).value();
  }
  return Status::Ok();
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
    ++report->compiled;
    (*pycs)[j] = std::move(*r.pyc);
  }
  if (!failed.empty()) {
    return CompileError(std::to_string(failed.size()) + " file" +
                        (failed.size() == 1 ? "" : "s") +
                        " failed to compile; nothing was written");
  }
  return Status::Ok();
}

// Compiles every job. Compile errors become diagnostics (one per file, even
// when it is compiled at several levels) and a kCompile status at the end.
Status CompileAll(const Plan& plan, const std::vector<std::string>& contents,
                  const BuildOptions& opt, const BuildEnv& env,
                  std::vector<std::string>* pycs, BuildReport* report) {
  pycs->resize(plan.jobs.size());
  std::unique_ptr<CompileExecutor> executor;
  if (env.make_executor) {
    Result<std::unique_ptr<CompileExecutor>> e = env.make_executor(plan.jobs.size());
    if (!e.ok()) return e.status();
    executor = std::move(e).value();
  } else {
    executor = NewInProcessExecutor(env.compiler);
  }
  std::vector<std::optional<CompileResult>> results(plan.jobs.size());
  size_t finished = 0;
  auto make = [&](size_t j) {
    const CompileJob& job = plan.jobs[j];
    if (opt.verbosity > 1 && env.log) {
      *env.log << "compile " << plan.files[job.file].rel_path << " (optimize "
               << job.optimize << ")\n";
    }
    return CompileRequest{contents[job.file], job.dfile, job.optimize,
                          job.strip_docstrings, job.invalidation};
  };
  auto done = [&](size_t j, CompileResult r) {
    results[j] = std::move(r);
    if (env.progress && env.log && opt.verbosity > 0 && ++finished % 16 == 0) {
      *env.log << "\r\033[Kcompiled " << finished << '/' << plan.jobs.size()
               << std::flush;
    }
    return Status::Ok();
  };
  auto label = [&](size_t j) { return plan.files[plan.jobs[j].file].disk_path; };
  Status s = executor->Run(plan.jobs.size(), make, done, label);
  if (env.progress && env.log && opt.verbosity > 0) *env.log << "\r\033[K";
  PYCPACK_RETURN_IF_ERROR(s);
  return Collect(plan, opt, env, &results, pycs, report);
}

// Creates |dir| and its missing parents.
Status MakeDirs(FileSystem* fs, const std::string& dir) {
  if (dir.empty() || dir == "/" || fs->Exists(dir)) return Status::Ok();
  PYCPACK_RETURN_IF_ERROR(MakeDirs(fs, std::string(DirName(dir))));
  return fs->MakeDir(dir, 0755);
}

Status WriteOutput(const Manifest& m, const PlannedOutput& po,
                   const std::vector<std::string>& contents,
                   const std::vector<std::string>& pycs,
                   const BuildOptions& opt, const BuildEnv& env,
                   std::unique_ptr<StagedOutput>* staged, OutputReport* rep) {
  OutputFormat format = m.outputs[po.output].format;
  PYCPACK_RETURN_IF_ERROR(MakeDirs(env.fs, std::string(DirName(po.destination))));
  Result<std::unique_ptr<StagedOutput>> st =
      StagedOutput::Begin(env.fs, po.destination);
  if (!st.ok()) return st.status();
  *staged = std::move(st).value();
  Result<std::unique_ptr<ArchiveWriter>> w = NewArchiveWriter(
      format, env.fs, (*staged)->staging_path(), ArchiveOptions{opt.mtime});
  if (!w.ok()) return w.status();
  rep->path = po.destination;
  rep->format = format;
  rep->entries = po.entries.size();
  for (const PlannedEntry& e : po.entries) {
    ArchiveEntry ae;
    ae.path = e.path;
    ae.mode = e.mode;
    switch (e.source) {
      case PlannedEntry::Source::kDirectory:
        ae.type = ArchiveEntry::Type::kDirectory;
        break;
      case PlannedEntry::Source::kFile:
        ae.data = contents[e.index];
        break;
      case PlannedEntry::Source::kPyc:
        ae.data = pycs[e.index];
        break;
    }
    rep->bytes += ae.data.size();
    PYCPACK_RETURN_IF_ERROR((*w)->Add(ae));
  }
  PYCPACK_RETURN_IF_ERROR((*w)->Finish());
  if (format != OutputFormat::kDir) {
    Result<std::string> bytes = env.fs->ReadFile((*staged)->staging_path());
    if (!bytes.ok()) return bytes.status();
    rep->bytes = bytes->size();
    rep->sha256 = Sha256Hex(*bytes);
  }
  return Status::Ok();
}

void Count(const Plan& plan, const std::vector<std::string>& contents,
           BuildReport* report) {
  report->libraries = plan.settings.size();
  report->files = plan.files.size();
  std::set<size_t> compiled_files;
  for (const CompileJob& j : plan.jobs) compiled_files.insert(j.file);
  report->sources = compiled_files.size();
  report->copied = plan.files.size() - compiled_files.size();
  for (size_t f : compiled_files) report->source_bytes += contents[f].size();
}

Status Build(const BuildOptions& opt, const BuildEnv& env,
             BuildReport* report) {
  std::string manifest_abs = JoinPath(env.cwd, opt.manifest_path);
  Result<std::string> text = env.fs->ReadFile(manifest_abs);
  if (!text.ok()) return UsageError(text.status().message());
  Result<Manifest> m = ParseManifest(*text, opt.manifest_path,
                                     std::string(DirName(manifest_abs)));
  if (!m.ok()) return m.status();
  report->interpreter = env.compiler->info();
  PlanContext ctx;
  ctx.fs = env.fs;
  ctx.cache_tag = env.compiler->info().cache_tag;
  ctx.output_dir = opt.output_dir.empty() ? "" : JoinPath(env.cwd, opt.output_dir);
  ctx.overrides = opt.overrides;
  Result<Plan> plan = MakePlan(*m, ctx);
  if (!plan.ok()) return plan.status();
  std::vector<std::string> contents, pycs;
  PYCPACK_RETURN_IF_ERROR(ReadSources(*plan, env.fs, &contents));
  Count(*plan, contents, report);
  PYCPACK_RETURN_IF_ERROR(CompileAll(*plan, contents, opt, env, &pycs, report));
  std::vector<std::unique_ptr<StagedOutput>> staged(plan->outputs.size());
  report->outputs.resize(plan->outputs.size());
  for (size_t i = 0; i < plan->outputs.size(); ++i) {
    Status s = WriteOutput(*m, plan->outputs[i], contents, pycs, opt,
                           env, &staged[i], &report->outputs[i]);
    if (!s.ok()) return s.WithContext(m->outputs[i].json_path);
  }
  for (auto& s : staged) PYCPACK_RETURN_IF_ERROR(s->Commit());
  return Status::Ok();
}

}  // namespace

BuildReport RunBuild(const BuildOptions& options, const BuildEnv& env) {
  auto start = std::chrono::steady_clock::now();
  BuildReport report;
  report.status = Build(options, env, &report);
  if (!report.status.ok()) report.outputs.clear();
  report.seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  return report;
}

}  // namespace pycpack
