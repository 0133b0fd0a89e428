// `pycpack inspect PATH... [--json]`: reports what pycs hold (version,
// invalidation mode, source hash, co_filename, optimisation evidence,
// canonical form); see docs/cli.md.
#ifndef PYCPACK_CLI_INSPECT_H_
#define PYCPACK_CLI_INSPECT_H_

#include <ostream>
#include <string>
#include <vector>

#include "pycpack/filesystem.h"

namespace CLI {
class App;
}

namespace pycpack {

struct InspectOptions {
  std::vector<std::string> paths;  // pycs, directories, archives
  bool json = false;               // JSON instead of the table
};

// Inspects every path; prints the JSON document or the table on |out| and
// one "pycpack: error: ..." line per thing that could not be read on |err|.
// Returns 0 if everything could be read, else 1.
int RunInspect(const InspectOptions& options, FileSystem* fs, std::ostream& out,
               std::ostream& err);

// The command line: `inspect` and its options, filling |args|.
struct InspectArgs {
  InspectOptions options;
  bool json_flag = false;
};
void AddInspectCommand(CLI::App& app, InspectArgs* args);

// Runs `pycpack inspect` on the real file system: JSON with --json or when
// stdout is not a terminal, else the table.
int RunInspectCommand(InspectArgs args);

}  // namespace pycpack

#endif  // PYCPACK_CLI_INSPECT_H_
