#ifndef PYCPACK_CLI_CLI_H_
#define PYCPACK_CLI_CLI_H_
namespace pycpack {
// Parses the command line, runs the subcommand, returns the exit code.
int RunCli(int argc, char** argv);
}  // namespace pycpack
#endif  // PYCPACK_CLI_CLI_H_
