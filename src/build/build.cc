#include "build/build.h"

#include <chrono>
#include <memory>
#include <set>

#include "build/pipeline.h"
#include "build/version.h"
#include "input/wheel_input.h"
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

// Probes every target of |m|, in order.
Status ProbeTargets(const Manifest& m, const BuildEnv& env,
                    std::vector<Target>* out) {
  for (const TargetSpec& spec : m.targets) {
    Result<Target> t = spec.python.empty() || !env.probe
                           ? ProbeTarget(spec, env.compiler->info(), env.cwd)
                           : env.probe(spec);
    if (!t.ok()) return t.status().WithContext(m.path);
    out->push_back(std::move(t).value());
  }
  return CheckDistinctCacheTags(*out).WithContext(m.path);
}

Status Build(const BuildOptions& opt, const BuildEnv& env,
             BuildReport* report) {
  std::string manifest_abs = JoinPath(env.cwd, opt.manifest_path);
  if (env.observer) {
    env.observer->PhaseStarted({BuildPhase::kPlanning, opt.manifest_path});
  }
  Result<std::string> text = env.fs->ReadFile(manifest_abs);
  if (!text.ok()) return UsageError(text.status().message());
  Result<Manifest> m = ParseManifest(*text, opt.manifest_path,
                                     std::string(DirName(manifest_abs)));
  if (!m.ok()) return m.status();
  if (!opt.variant.empty()) {
    bool known = false;
    for (const Variant& v : m->variants) known = known || v.name == opt.variant;
    if (!known) {
      std::string names;
      for (const Variant& v : m->variants) names += (names.empty() ? "" : ", ") + v.name;
      return UsageError("--variant: " + m->path + " has no variant \"" + opt.variant +
                        "\" (" + (names.empty() ? "it defines none" : "it has: " + names) +
                        ")");
    }
    std::vector<Output> kept;
    for (Output& o : m->outputs) {
      if (o.variant == opt.variant) kept.push_back(std::move(o));
    }
    if (kept.empty()) {
      return UsageError("--variant: no output of " + m->path + " takes variant \"" +
                        opt.variant + "\"");
    }
    m->outputs = std::move(kept);
  }
  if (!opt.targets.empty()) {
    m->targets = opt.targets;
    for (Output& o : m->outputs) o.targets.clear();
  }
  report->interpreter = env.compiler->info();
  PYCPACK_RETURN_IF_ERROR(ProbeTargets(*m, env, &report->targets));
  // The roots of wheel libraries live until the build is over.
  Result<std::unique_ptr<ScratchDir>> wheels = ExtractWheelLibraries(&*m);
  if (!wheels.ok()) return wheels.status();
  PlanContext ctx;
  ctx.fs = env.fs;
  for (const Target& t : report->targets) {
    ctx.targets.push_back({t.name, t.info.cache_tag, TargetLabel(t.info),
                           "cp" + std::to_string(t.info.major) +
                               std::to_string(t.info.minor)});
  }
  ctx.generator = "pycpack " + PycpackVersion();
  ctx.cwd = env.cwd;
  ctx.output_dir = opt.output_dir.empty() ? "" : JoinPath(env.cwd, opt.output_dir);
  ctx.overrides = opt.overrides;
  Result<Plan> plan = MakePlan(*m, ctx);
  if (!plan.ok()) return plan.status();
  Count(*plan, report);
  report->warnings = plan->warnings;
  for (const std::string& w : plan->warnings) {
    if (env.observer) env.observer->Warning(w);
  }
  Pipeline pipeline(*m, *plan, report->targets, opt, env, report);
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
