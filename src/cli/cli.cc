#include "cli/cli.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <iostream>
#include <algorithm>
#include <string>

#include <CLI/CLI.hpp>

#include "build/build.h"
#include "build/version.h"
#include "cli/build_command.h"
#include "cli/canonicalize.h"
#include "cli/inspect.h"
#include "cli/precompile.h"
#include "cli/report.h"
#include "cli/verify.h"
#include "marshal/canonical.h"
#include "util/params_file.h"
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

}  // namespace

int RunCli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // rules_python starts its precompiler with nothing but "@params" or
  // "--persistent_worker" (and a toolchain may name pycpack under the name
  // pycpack-precompile): those are `pycpack precompile`.
  const bool precompile_only =
      BaseName(argc > 0 ? argv[0] : "") == "pycpack-precompile" ||
      (!args.empty() && (args[0] == "--persistent_worker" ||
                         (args[0].size() > 1 && args[0][0] == '@')));
  if (precompile_only) return RunPrecompileCommand(args);
  // Bazel runs a one-shot build action as `pycpack build @params`.
  if (!args.empty() && args[0] == "build") {
    std::unique_ptr<FileSystem> fs = NewRealFileSystem();
    Result<std::vector<std::string>> expanded =
        ExpandParamsFiles(args, [&](const std::string& p) { return fs->ReadFile(p); });
    if (!expanded.ok()) {
      std::cerr << "pycpack: error: " << expanded.status().message() << '\n';
      return 2;
    }
    args = std::move(expanded).value();
  }
  CLI::App app(kDescription, "pycpack");
  // The embedded interpreter is started only when --version is asked for;
  // if it cannot be, its line says why and --version still succeeds.
  app.set_version_flag("--version", [] {
    std::string text = VersionText(EmbeddedInterpreterInfo());
    text.pop_back();  // CLI11 ends the message with its own newline
    return text;
  });
  app.require_subcommand(1);
  BuildArgs build;
  AddBuildCommand(app, &build);
  CanonicalizeArgs canon;
  AddCanonicalizeCommand(app, &canon);
  VerifyArgs verify;
  AddVerifyCommand(app, &verify);
  InspectArgs inspect;
  AddInspectCommand(app, &inspect);
  std::vector<std::string> precompile_args;
  CLI::App* pre = app.add_subcommand(
      "precompile",
      "compile single files to pycs with rules_python's precompiler interface, "
      "or serve Bazel as a persistent worker (see 'pycpack precompile --help')");
  pre->prefix_command();
  pre->set_help_flag();
  // The compile worker (see src/workers/): not for people, hence hidden.
  app.add_subcommand("__worker", "")->group("");
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11's order
    app.parse(reversed);
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
  if (app.got_subcommand("precompile")) return RunPrecompileCommand(pre->remaining());
  if (app.got_subcommand("build")) {
    if (build.persistent_worker) return ServeBuildWorker();
    // Progress is drawn on stderr, and only when stdout is a terminal too:
    // output redirected to a file or a pipe means a script is watching.
    return RunBuild(build, std::cerr, std::cout,
                    isatty(STDERR_FILENO) && isatty(STDOUT_FILENO));
  }
  if (app.got_subcommand("canonicalize")) return RunCanonicalizeCommand(canon);
  if (app.got_subcommand("verify")) return RunVerifyCommand(verify);
  if (app.got_subcommand("inspect")) return RunInspectCommand(std::move(inspect));
  if (app.got_subcommand("__worker")) return RunWorkerMain();
  return 2;
}

}  // namespace pycpack
