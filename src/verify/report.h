// What `pycpack verify` found, per interpreter, and its two presentations:
// a JSON document (schema in docs/cli.md, section `verify`) and lines for
// people.
#ifndef PYCPACK_VERIFY_REPORT_H_
#define PYCPACK_VERIFY_REPORT_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "pycpack/status.h"

namespace pycpack {

// Something an interpreter would do wrong with the artifact. Paths are
// relative to the import root; "" when there is none.
struct Finding {
  std::string path;     // the source, or the pyc when it has no source
  std::string pyc;      // the pyc concerned (existing or expected)
  std::string kind;     // a stable name: "missing", "stale-hash"...
  std::string message;  // for people
  std::string module;   // set for findings of --import
};

// Worth knowing, not wrong (e.g. a pyc that is never loaded).
struct InfoNote {
  std::string path;
  std::string message;
};

// One `--import MODULE` run.
struct ImportResult {
  std::string module;
  std::string file;   // the module's __file__ ("" for none)
  std::string error;  // the last line of the traceback ("" when imported)
  size_t from_bytecode = 0;  // code objects loaded from pycs in the root
  size_t from_source = 0;    // ... compiled from sources in the root
};

struct InterpreterResult {
  std::string python;  // as named on the command line
  std::string executable, implementation, version;
  std::string cache_tag;  // "" when the interpreter has none
  std::string magic;      // hex
  std::vector<int> optimize;  // levels checked
  size_t sources = 0;  // .py files looked at
  size_t pycs = 0;     // pyc files looked at
  size_t ok = 0;       // pycs without a finding
  std::vector<Finding> findings;
  std::vector<InfoNote> info;
  // Sources the build kept on purpose, without pyc (a pycpack-kept-sources.json
  // names them): compiling them at import time is no finding.
  std::vector<std::string> kept;
  std::vector<ImportResult> imports;
};

struct VerifyReport {
  Status status;  // not ok when verification could not be carried out
  std::string artifact;
  std::string root;  // --root, "" for the top
  std::vector<InterpreterResult> interpreters;

  size_t findings() const;
  // status's exit code when it is an error, else 1 with findings, else 0.
  int ExitCode() const;
};

// The --json document, newline-terminated; |version| is pycpack's.
std::string VerifyReportJson(const VerifyReport& report,
                             const std::string& version);

// One line per finding and note ("<python>: <path>: <kind>: <message>"),
// a summary line per interpreter and a closing line.
void PrintVerifyReport(const VerifyReport& report, std::ostream& out);

}  // namespace pycpack

#endif  // PYCPACK_VERIFY_REPORT_H_
