#include "cli/cli.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <iostream>
#include <algorithm>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/build.h"
#include "cli/canonicalize.h"
#include "cli/inspect.h"
#include "cli/report.h"
#include "cli/verify.h"
#include "marshal/canonical.h"
#include "util/paths.h"
#include "util/interrupt.h"
#include "workers/canonical_compiler.h"
#include "workers/pool.h"
#include "workers/worker_main.h"

namespace pycpack {
namespace {

constexpr char kDescription[] =
    "pycpack compiles Python sources ahead of time with the CPython embedded\n"
    "in it and writes deterministic artifacts (directory, tar, tar.gz,\n"
    "tar.zst, zip) laid out for import: per library py-only, pyc-only,\n"
    "py+pyc-checked or py+pyc-unchecked (PEP 552 hash-based pycs).\n"
    "The same inputs always give the same bytes.";

constexpr char kBuildDescription[] =
    "Builds every output of MANIFEST (JSON, see docs/manifest.md).\n"
    "Exit status: 0 built; 1 a source failed to compile or an I/O error\n"
    "(nothing is written or replaced); 2 bad usage or invalid manifest;\n"
    "130 interrupted.\n"
    "SOURCE_DATE_EPOCH, when set, is the time stamp of every archive entry\n"
    "(default 1980-01-01T00:00:00Z; earlier values are raised to it).";

std::string CurrentDir() {
  char buf[PATH_MAX];
  if (getcwd(buf, sizeof buf) == nullptr) return "/";
  return buf;
}

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

struct BuildArgs {
  std::string manifest;
  std::string force_mode;
  bool retain_sources = false;
  std::string output_dir;
  bool json = false;
  bool quiet = false;
  bool verbose = false;
  int jobs = 0;
  std::string cache_dir;
  bool no_cache = false;
  std::vector<std::string> targets;
  std::string variant;
};

// Below this many compile jobs, starting worker processes costs more than
// it saves.
constexpr size_t kMinJobsForWorkers = 32;

void AddBuildCommand(CLI::App& app, BuildArgs* a) {
  CLI::App* b = app.add_subcommand(
      "build", "compile and pack every output of a manifest");
  b->footer(kBuildDescription);
  b->add_option("MANIFEST", a->manifest, "the manifest (JSON)")->required();
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
}

struct CanonicalizeArgs {
  CanonicalizeOptions options;
  bool quiet = false;
  bool verbose = false;
};

void AddCanonicalizeCommand(CLI::App& app, CanonicalizeArgs* a) {
  CLI::App* c = app.add_subcommand(
      "canonicalize", "rewrite existing .pyc files into the canonical form");
  c->footer(
      "Rewrites .pyc files (made by pycpack, pip, uv, compileall...) into\n"
      "the canonical form (docs/canonical-pyc.md), in place and atomically;\n"
      "directories are searched for *.pyc. Exit status 1 if a file could not\n"
      "be handled, or with --check if any file is not canonical.");
  c->add_option("PATH", a->options.paths, "pyc files or directories")
      ->required();
  c->add_flag("--check", a->options.check,
              "change nothing; list the files that are not canonical");
  c->add_flag("-q,--quiet", a->quiet, "print errors only");
  c->add_flag("-v,--verbose", a->verbose, "print every file");
}

int RunCanonicalizeCommand(CanonicalizeArgs a) {
  a.options.verbosity = a.quiet ? 0 : (a.verbose ? 2 : 1);
  std::unique_ptr<FileSystem> fs = NewRealFileSystem();
  CanonicalizeReport report;
  return RunCanonicalize(a.options, fs.get(), std::cerr, &report);
}

int RunBuildCommand(const BuildArgs& a) {
  BuildOptions opt;
  opt.manifest_path = a.manifest;
  opt.output_dir = a.output_dir;
  opt.verbosity = a.quiet ? 0 : (a.verbose ? 2 : 1);
  Status usage;
  if (!a.force_mode.empty()) {
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
  env.log = &std::cerr;
  env.cwd = CurrentDir();
  env.progress = opt.verbosity > 0 && isatty(STDERR_FILENO);
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
    report = RunBuild(opt, env);
  } else {
    report.status = usage;
  }
  if (!report.status.ok()) {
    std::cerr << "pycpack: error: " << report.status.message() << '\n';
  } else if (opt.verbosity > 0) {
    PrintBuildSummary(report, env.cwd, std::cerr);
  }
  if (a.json) std::cout << BuildReportJson(report) << std::flush;
  return report.status.ExitCode();
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app(kDescription, "pycpack");
  app.set_version_flag("--version", "pycpack " + PycpackVersion());
  app.require_subcommand(1);
  BuildArgs build;
  AddBuildCommand(app, &build);
  CanonicalizeArgs canon;
  AddCanonicalizeCommand(app, &canon);
  VerifyArgs verify;
  AddVerifyCommand(app, &verify);
  InspectArgs inspect;
  AddInspectCommand(app, &inspect);
  // The compile worker (see src/workers/): not for people, hence hidden.
  app.add_subcommand("__worker", "")->group("");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "pycpack: error: " << e.what()
              << " (see 'pycpack --help' or 'pycpack build --help')\n";
    return 2;
  }
  if (app.got_subcommand("build")) return RunBuildCommand(build);
  if (app.got_subcommand("canonicalize")) return RunCanonicalizeCommand(canon);
  if (app.got_subcommand("verify")) return RunVerifyCommand(verify);
  if (app.got_subcommand("inspect")) return RunInspectCommand(std::move(inspect));
  if (app.got_subcommand("__worker")) return RunWorkerMain();
  return 2;
}

}  // namespace pycpack
