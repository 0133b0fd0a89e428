// Running a program to completion and collecting what it prints.
#ifndef PYCPACK_UTIL_SUBPROCESS_H_
#define PYCPACK_UTIL_SUBPROCESS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pycpack/status.h"

namespace pycpack {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;      // the signal that ended it, or 0
  std::string out;     // everything written to stdout
  std::string err;     // everything written to stderr
};

// Runs |argv| (argv[0] a path, not searched in PATH) with environment
// |env| ("NAME=value" strings), stdin from /dev/null, until it ends. Kills
// it and fails with an IoError after |timeout_seconds|; fails with an
// IoError if it cannot be started. A non-zero exit is not an error here.
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv,
                                 const std::vector<std::string>& env,
                                 int timeout_seconds);

// The current environment without the variables for which |drop|(name) is
// true, as "NAME=value" strings.
std::vector<std::string> CurrentEnvironment(bool (*drop)(std::string_view name));

// |name| as the shell would find it: itself if it contains a '/' (made
// absolute against |cwd|), else the first executable file of that name in
// the directories of $PATH. nullopt if there is none.
std::optional<std::string> FindProgram(const std::string& name,
                                       const std::string& cwd);

}  // namespace pycpack

#endif  // PYCPACK_UTIL_SUBPROCESS_H_
