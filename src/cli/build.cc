#include "cli/build.h"

#include <chrono>
#include <memory>
#include <set>

#include "cli/compile_phase.h"
#include "plan/planner.h"
#include "util/interrupt.h"
#include "util/paths.h"
#include "util/sha256.h"

namespace pycpack {
namespace {

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
    if (Interrupted()) return InterruptedError();
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
  if (Interrupted()) return InterruptedError();
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
