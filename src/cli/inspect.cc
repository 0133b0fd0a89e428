#include "cli/inspect.h"

#include <unistd.h>

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/report.h"
#include "inspect/inspect.h"
#include "util/escape.h"

namespace pycpack {

int RunInspect(const InspectOptions& options, FileSystem* fs, std::ostream& out,
               std::ostream& err) {
  inspect::InspectReport report = inspect::Inspect(options.paths, fs);
  for (const std::string& e : report.errors) {
    err << "pycpack: error: " << EscapeControls(e) << '\n';
  }
  if (options.json) {
    out << inspect::InspectReportJson(report, PycpackVersion());
  } else {
    inspect::PrintInspectTable(report, out);
  }
  out.flush();
  return report.ExitCode();
}

void AddInspectCommand(CLI::App& app, InspectArgs* a) {
  CLI::App* c = app.add_subcommand(
      "inspect", "report what .pyc files, directories and artifacts hold");
  c->footer(
      "For every .pyc (given directly, below a directory, or in a tar, tar.gz,\n"
      "tar.zst, zip or .whl): the Python version, invalidation mode, source\n"
      "hash and whether it matches the source beside it, co_filename,\n"
      "evidence of the optimisation level (docstrings, asserts, name) and\n"
      "whether it is in canonical form. A table on a terminal, JSON otherwise\n"
      "(docs/cli.md). Exit status 1 if a path could not be read.");
  c->add_option("PATH", a->options.paths, "pyc files, directories or archives")
      ->required();
  c->add_flag("--json", a->json_flag,
              "print JSON (the default when stdout is not a terminal)");
}

int RunInspectCommand(InspectArgs a) {
  a.options.json = a.json_flag || !isatty(STDOUT_FILENO);
  std::unique_ptr<FileSystem> fs = NewRealFileSystem();
  return RunInspect(a.options, fs.get(), std::cout, std::cerr);
}

}  // namespace pycpack
