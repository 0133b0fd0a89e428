#include "cli/build.h"

#include <chrono>
#include <memory>
#include <set>

#include "cli/pipeline.h"
#include "plan/planner.h"
#include "util/paths.h"

namespace pycpack {
namespace {

void Count(const Plan& plan, BuildReport* report) {
  report->libraries = plan.settings.size();
  report->files = plan.files.size();
  std::set<size_t> compiled_files;
  for (const CompileJob& j : plan.jobs) compiled_files.insert(j.file);
  report->sources = compiled_files.size();
  report->copied = plan.files.size() - compiled_files.size();
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
  Count(*plan, report);
  Pipeline pipeline(*m, *plan, opt, env, report);
  PYCPACK_RETURN_IF_ERROR(pipeline.Run());
  return pipeline.Commit();
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
