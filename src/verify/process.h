// Running a program to completion and collecting what it printed.
#ifndef PYCPACK_VERIFY_PROCESS_H_
#define PYCPACK_VERIFY_PROCESS_H_

#include <string>
#include <vector>

#include "pycpack/status.h"

namespace pycpack {

struct ProcessSpec {
  // argv[0] is searched in PATH when it holds no '/'. REQUIRES: not empty.
  std::vector<std::string> argv;
  // The whole environment ("NAME=value" each).
  std::vector<std::string> env;
  std::string cwd;  // "" keeps this process's
  int timeout_seconds = 600;
};

struct ProcessOutput {
  int exit_code = -1;  // when the program exited, else -1
  int signal = 0;      // when a signal ended it, else 0
  std::string out;     // everything written on stdout
  std::string err;     // everything written on stderr
};

// Runs |spec| with stdin from /dev/null and waits for it. Fails (IoError
// naming argv[0]) if it cannot be started, and kills it and fails if it
// runs longer than the timeout. A program that runs and fails is not an
// error here: see exit_code and signal.
Result<ProcessOutput> RunProcess(const ProcessSpec& spec);

// "exited with status 3" or "was killed by signal 9 (Killed)".
std::string DescribeExit(const ProcessOutput& output);

// This process's environment without any PYTHON* variable, plus |extra|.
std::vector<std::string> EnvironmentWithoutPython(
    const std::vector<std::string>& extra);

}  // namespace pycpack

#endif  // PYCPACK_VERIFY_PROCESS_H_
