#include "cli/verify.h"

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/report.h"

namespace pycpack {

void AddVerifyCommand(CLI::App& app, VerifyArgs* a) {
  CLI::App* v = app.add_subcommand(
      "verify", "check that each interpreter would load an artifact's pycs");
  v->footer(
      "Checks, with each interpreter given (run with -I, never running the\n"
      "artifact's code), that every pyc it would load has its magic number,\n"
      "valid flags, a source hash matching the shipped source, the name\n"
      "importlib looks for, and unmarshals; sources without a valid pyc\n"
      "would be compiled at import time. --import additionally imports\n"
      "modules from a read-only copy and checks, with python -v, that their\n"
      "code came from pycs. ARTIFACT: a directory, or a tar, tar.gz, tar.zst,\n"
      "zip or .whl file (extracted into a private temporary directory).\n"
      "Exit status: 0 no findings; 1 findings, or the artifact could not be\n"
      "read or an interpreter not run; 2 bad usage.");
  v->add_option("ARTIFACT", a->options.artifact,
                "the artifact: a directory or an archive")
      ->required();
  v->add_option("--python", a->options.pythons,
                "an interpreter to check with (name in PATH or path); repeat "
                "for several")
      ->type_name("PY")
      ->required()
      ->allow_extra_args(false);
  v->add_option("--import", a->options.modules,
                "also import MODULE from a read-only copy with each "
                "interpreter (runs its code); repeatable")
      ->type_name("MODULE")
      ->allow_extra_args(false);
  v->add_option("--root", a->options.root,
                "the import root inside the artifact (e.g. python/ in a "
                "Lambda layer); default: its top")
      ->type_name("SUBDIR");
  v->add_option("--optimize", a->options.optimize,
                "check the pycs of optimization LEVEL (0, 1, 2); repeatable; "
                "default: every level the artifact has pycs of for the "
                "interpreter, else 0")
      ->type_name("LEVEL")
      ->check(CLI::Range(0, 2))
      ->allow_extra_args(false);
  v->add_flag("--json", a->json,
              "print a JSON report on stdout (see docs/cli.md)");
}

int RunVerifyCommand(const VerifyArgs& a) {
  VerifyReport report = RunVerify(a.options);
  if (!report.status.ok()) {
    std::cerr << "pycpack: error: " << report.status.message() << '\n';
  } else {
    PrintVerifyReport(report, std::cerr);
  }
  if (a.json) std::cout << VerifyReportJson(report, PycpackVersion()) << std::flush;
  return report.ExitCode();
}

}  // namespace pycpack
