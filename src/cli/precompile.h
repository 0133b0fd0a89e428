// `pycpack precompile`: the command-line front end of src/precompile, one
// shot or, with --persistent_worker, a Bazel worker on stdin/stdout.
#ifndef PYCPACK_CLI_PRECOMPILE_H_
#define PYCPACK_CLI_PRECOMPILE_H_

#include <string>
#include <vector>

namespace pycpack {

// |args| are the words after "precompile". Returns the exit status.
int RunPrecompileCommand(const std::vector<std::string>& args);

}  // namespace pycpack

#endif  // PYCPACK_CLI_PRECOMPILE_H_
