// `pycpack inspect`: what is in pycs, directories of pycs and artifacts.
// The library part; src/cli/inspect.cc prints the result.
#ifndef PYCPACK_INSPECT_INSPECT_H_
#define PYCPACK_INSPECT_INSPECT_H_

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "inspect/pyc_report.h"
#include "pycpack/filesystem.h"

namespace pycpack::inspect {

struct InputReport {
  std::string path;  // as given
  std::string kind;  // Input::kind(); "" when it could not be opened
  size_t pycs = 0;
  std::optional<std::string> error;  // why it could not be opened
};

struct InspectReport {
  std::vector<InputReport> inputs;
  std::vector<PycReport> pycs;  // input by input, in each input's order
  // Everything that could not be read (a missing PATH, an unreadable
  // archive, a pyc or source that exists but cannot be read), one line each,
  // naming the file.
  std::vector<std::string> errors;

  // 0 if everything could be read, else 1. Problems found in readable pycs
  // (bad magic, truncated data...) do not count.
  int ExitCode() const { return errors.empty() ? 0 : 1; }
};

// Inspects every PATH (see OpenInput). Never stops early: an input that
// cannot be read is reported and the others are still inspected.
// Sources beside pycs are looked up in the same input.
InspectReport Inspect(const std::vector<std::string>& paths, FileSystem* fs);

// The report as one JSON object (newline-terminated), the format documented
// in docs/cli.md.
std::string InspectReportJson(const InspectReport& report, std::string_view version);

// The report as an aligned table for people, a block per input.
void PrintInspectTable(const InspectReport& report, std::ostream& out);

}  // namespace pycpack::inspect

#endif  // PYCPACK_INSPECT_INSPECT_H_
