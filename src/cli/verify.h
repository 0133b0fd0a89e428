// The `verify` subcommand: its options and how it runs (the work itself is
// in src/verify/).
#ifndef PYCPACK_CLI_VERIFY_H_
#define PYCPACK_CLI_VERIFY_H_

#include "verify/verify.h"

namespace CLI {
class App;
}

namespace pycpack {

struct VerifyArgs {
  VerifyOptions options;
  bool json = false;
};

// Registers `verify` and its options on |app|, parsed into |args|.
void AddVerifyCommand(CLI::App& app, VerifyArgs* args);

// Runs the verification; prints the findings and a summary on stderr (and
// the --json document on stdout). Returns the exit code: 0 no findings,
// 1 findings or an error.
int RunVerifyCommand(const VerifyArgs& args);

}  // namespace pycpack

#endif  // PYCPACK_CLI_VERIFY_H_
