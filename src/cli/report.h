// Presenting a BuildReport: a JSON document for machines, a short summary
// for people.
#ifndef PYCPACK_CLI_REPORT_H_
#define PYCPACK_CLI_REPORT_H_

#include <ostream>
#include <string>

#include "build/build.h"
#include "build/version.h"

namespace pycpack {

// The --json document (one object, newline-terminated). Its keys are part of
// the tool's interface: see docs/cli.md.
std::string BuildReportJson(const BuildReport& report);

// The closing lines for people: what was built, from how much, how fast.
void PrintBuildSummary(const BuildReport& report, const std::string& cwd,
                       std::ostream& out);


}  // namespace pycpack

#endif  // PYCPACK_CLI_REPORT_H_
