#include "cli/build_command.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <sstream>

#include "bazel_worker/worker_loop.h"
#include "build/build.h"
#include "cli/report.h"
#include "cli/terminal_printer.h"
#include "marshal/canonical.h"
#include "util/interrupt.h"
#include "util/paths.h"
#include "workers/canonical_compiler.h"
#include "workers/pool.h"

namespace pycpack {
namespace {

constexpr char kBuildDescription[] =
    "Builds every output of MANIFEST (JSON, see docs/manifest.md).\n"
    "Exit status: 0 built; 1 a source failed to compile or an I/O error\n"
    "(nothing is written or replaced); 2 bad usage or invalid manifest;\n"
    "130 interrupted.\n"
    "SOURCE_DATE_EPOCH, when set, is the time stamp of every archive entry\n"
    "(default 1980-01-01T00:00:00Z; earlier values are raised to it).";

// SOURCE_DATE_EPOCH, clamped to what zip can store.
Result<int64_t> EntryMtime() {
  const char* sde = std::getenv("SOURCE_DATE_EPOCH");
  if (sde == nullptr || *sde == '\0') return kDefaultMtime;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(sde, &end, 10);
  if (errno != 0 || *end != '\0' || v < 0) {
    return UsageError(std::string("SOURCE_DATE_EPOCH must be a non-negative "
                                  "integer, got \"") + sde + "\"");
  }
  return v < kDefaultMtime ? kDefaultMtime : static_cast<int64_t>(v);
}


// Below this many compile jobs, starting worker processes costs more than
// it saves.
constexpr size_t kMinJobsForWorkers = 32;

}  // namespace

CLI::App* AddBuildCommand(CLI::App& app, BuildArgs* a) {
  CLI::App* b = app.add_subcommand(
      "build", "compile and pack every output of a manifest");
  b->footer(kBuildDescription);
  // Required, except on a persistent worker's start-up line (checked in
  // RunBuild).
  b->add_option("MANIFEST", a->manifest, "the manifest (JSON)");
  b->add_option("--force-mode", a->force_mode,
                "use MODE for every library: py-only, pyc-only, "
                "py+pyc-checked, py+pyc-unchecked")
      ->type_name("MODE");
  b->add_option("--target", a->targets,
                "compile for PY instead of the manifest's targets (repeat for "
                "several): 'embedded' (the CPython inside pycpack) or a "
                "Python program, e.g. python3.12 or /opt/py/bin/python3")
      ->type_name("PY");
  b->add_option("--variant", a->variant,
                "build only the outputs of variant NAME (see \"variants\" in "
                "docs/manifest.md)")
      ->type_name("NAME");
  b->add_flag("--retain-sources", a->retain_sources,
              "ship sources with pyc-only libraries (as py+pyc-unchecked)");
  b->add_option("--output-dir", a->output_dir,
                "resolve relative output paths against DIR instead of the "
                "manifest's directory")
      ->type_name("DIR");
  b->add_flag("--json", a->json,
              "print a JSON report on stdout (see docs/cli.md)");
  b->add_option("-j,--jobs", a->jobs,
                "compile in N worker processes (default 0: one per core; "
                "small builds compile in this process)")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber);
  b->add_option("--cache-dir", a->cache_dir,
                "keep compiled pycs in DIR (default: $XDG_CACHE_HOME/pycpack "
                "or ~/.cache/pycpack)")
      ->type_name("DIR");
  b->add_flag("--no-cache", a->no_cache,
              "neither read nor write the compile cache");
  b->add_flag("-q,--quiet", a->quiet, "print errors only");
  b->add_flag("-v,--verbose", a->verbose, "print every file compiled");
  b->add_flag("--persistent_worker", a->persistent_worker,
              "serve Bazel WorkRequests (JSON protocol) on stdin, each a build "
              "command line (see docs/bazel.md)");
  return b;
}

int RunBuild(const BuildArgs& a, std::ostream& err, std::ostream& out, bool terminal) {
  BuildOptions opt;
  opt.manifest_path = a.manifest;
  opt.output_dir = a.output_dir;
  const int verbosity = a.quiet ? 0 : (a.verbose ? 2 : 1);
  // The progress line only where a person watches: never into --json's
  // stream, never with -q (verbosity 0).
  TerminalPrinter printer(err, verbosity, terminal && !a.json);
  Status usage;
  if (a.manifest.empty()) {
    usage = UsageError("MANIFEST is required (see 'pycpack build --help')");
  } else if (!a.force_mode.empty()) {
    std::optional<Mode> m = ParseModeName(a.force_mode);
    if (!m || *m == Mode::kInherit) {
      usage = UsageError("--force-mode: unknown mode \"" + a.force_mode +
                         "\" (expected py-only, pyc-only, py+pyc-checked or "
                         "py+pyc-unchecked)");
    } else {
      opt.overrides.force_mode = m;
    }
  }
  opt.overrides.retain_sources = a.retain_sources;
  Result<int64_t> mtime = EntryMtime();
  if (usage.ok() && !mtime.ok()) usage = mtime.status();
  if (mtime.ok()) opt.mtime = *mtime;

  BuildReport report;
  std::unique_ptr<FileSystem> fs = NewRealFileSystem();
  std::unique_ptr<Compiler> compiler;
  if (usage.ok()) {
    Result<std::unique_ptr<Compiler>> c = NewEmbeddedCompiler();
    if (!c.ok()) usage = c.status();
    else compiler = NewCanonicalCompiler(std::move(c).value());
  }
  BuildEnv env;
  env.fs = fs.get();
  env.compiler = compiler.get();
  env.observer = &printer;
  env.cwd = CurrentDirectory();
  int workers = a.jobs > 0 ? a.jobs : static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  opt.variant = a.variant;
  for (const std::string& t : a.targets) {
    std::string python = t == kEmbeddedTarget ? "" : t;
    opt.targets.push_back({t, python, "--target"});
  }
  env.make_executor = [&](size_t count, const std::vector<Target>& targets)
      -> Result<std::unique_ptr<CompileExecutor>> {
    bool embedded_only = targets.size() == 1 && targets[0].embedded;
    if (embedded_only && (workers <= 1 || count < kMinJobsForWorkers)) {
      return NewInProcessExecutor(compiler.get());
    }
    WorkerPool::Options po;
    for (const Target& t : targets) {
      po.groups.push_back({t.worker_argv, t.worker_env, !t.embedded});
    }
    po.workers = std::max(1, std::min<int>(workers, static_cast<int>(count)));
    Result<std::unique_ptr<WorkerPool>> pool = WorkerPool::Start(po);
    if (!pool.ok()) return pool.status();
    return std::unique_ptr<CompileExecutor>(std::move(pool).value());
  };
  std::unique_ptr<CompileCache> cache;
  if (usage.ok() && !a.no_cache) {
    std::string dir = a.cache_dir.empty() ? DefaultCacheDir() : a.cache_dir;
    if (!dir.empty()) {
      cache = std::make_unique<CompileCache>(fs.get(), JoinPath(env.cwd, dir),
                                             compiler->info(),
                                             kCanonicalFormVersion);
      env.cache = cache.get();
    }
  }
  if (usage.ok()) {
    InstallInterruptHandler();
    report = pycpack::RunBuild(opt, env);
    // The build's pack is sealed here, after the writers stored their last
    // compressed pieces; a failure only costs time next build.
    if (cache) {
      if (Status s = cache->Flush(); !s.ok()) {
        printer.Warning("compile cache not updated: " + s.message());
      }
    }
  } else {
    report.status = usage;
  }
  printer.ClearLine();
  if (!report.status.ok()) {
    err << "pycpack: error: " << report.status.message() << '\n';
  }
  if (report.status.ok() && verbosity > 0) {
    PrintBuildSummary(report, env.cwd, err);
  }
  if (a.json) out << BuildReportJson(report) << std::flush;
  return report.status.ExitCode();
}


namespace {

// |path| under |base| when relative and |base| is set.
std::string Under(const std::string& base, const std::string& path) {
  if (base.empty() || path.empty() || path[0] == '/') return path;
  return JoinPath(base, path);
}

WorkOutcome RunBuildRequest(const WorkRequest& request) {
  WorkOutcome outcome;
  std::ostringstream err, out;
  CLI::App app("pycpack", "pycpack");
  BuildArgs a;
  CLI::App* sub = AddBuildCommand(app, &a);
  std::vector<std::string> args = request.arguments;
  if (args.empty() || args[0] != "build") args.insert(args.begin(), "build");
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    outcome.exit_code = 2;
    outcome.output = std::string("pycpack: error: ") + e.what() + "\n";
    return outcome;
  }
  (void)sub;
  a.manifest = Under(request.sandbox_dir, a.manifest);
  a.output_dir = Under(request.sandbox_dir, a.output_dir);
  a.cache_dir = Under(request.sandbox_dir, a.cache_dir);
  if (request.verbosity <= 0 && !a.verbose) a.quiet = true;
  outcome.exit_code = RunBuild(a, err, out, false);
  outcome.output = err.str() + out.str();
  return outcome;
}

}  // namespace

int ServeBuildWorker() {
  signal(SIGPIPE, SIG_IGN);
  int out = fcntl(1, F_DUPFD_CLOEXEC, 3);
  if (out < 0 || dup2(2, 1) < 0) {
    std::cerr << "pycpack: error: cannot set up the worker's stdout\n";
    return 1;
  }
  WorkerLoopOptions options;
  options.parallel = 1;
  options.log = &std::cerr;
  return RunWorkerLoop(
      0, out, [](const WorkRequest& r, const std::atomic<bool>&) { return RunBuildRequest(r); },
      options);
}

}  // namespace pycpack
