// `pycpack build`: its command line, and running it — once from a shell,
// or as a Bazel persistent worker (--persistent_worker) whose WorkRequests
// each hold a build command line.
#ifndef PYCPACK_CLI_BUILD_COMMAND_H_
#define PYCPACK_CLI_BUILD_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace pycpack {

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
  bool persistent_worker = false;
};

// Adds the "build" subcommand to |app|, filling |a|.
CLI::App* AddBuildCommand(CLI::App& app, BuildArgs* a);

// Runs a parsed build command line: diagnostics, progress and the summary
// go to |err|, the --json report to |out|. |terminal|: |err| is a terminal
// (a progress line is drawn). Returns the exit status.
int RunBuild(const BuildArgs& a, std::ostream& err, std::ostream& out, bool terminal);

// `pycpack build --persistent_worker`: serves WorkRequests on stdin, each
// a build command line whose relative paths (the manifest, --output-dir,
// --cache-dir) are taken under the request's sandboxDir. Builds run one at
// a time; each compiles with -j workers of its own. Returns the exit status.
int ServeBuildWorker();

}  // namespace pycpack

#endif  // PYCPACK_CLI_BUILD_COMMAND_H_
