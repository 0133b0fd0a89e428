// Running a program to completion and collecting what it prints: the one
// process runner (the target probe, verify's check programs). Long-lived
// compile workers that talk over pipes are started by
// src/workers/worker_process.h.
#ifndef PYCPACK_UTIL_SUBPROCESS_H_
#define PYCPACK_UTIL_SUBPROCESS_H_

#include <optional>
#include <string>
#include <string_view>
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

struct ProcessResult {
  int exit_code = -1;  // when the program exited, else -1
  int signal = 0;      // when a signal ended it, else 0
  std::string out;     // everything written on stdout
  std::string err;     // everything written on stderr
};

// Runs |spec| with stdin from /dev/null and waits for it. Fails (IoError
// naming argv[0]) if it cannot be started, and kills it and fails if it
// runs longer than the timeout. A program that runs and fails is not an
// error here: see exit_code and signal.
Result<ProcessResult> RunProcess(const ProcessSpec& spec);

// "exited with status 3" or "was killed by signal 9 (Killed)".
std::string DescribeExit(const ProcessResult& result);
// The same for a waitpid() status.
std::string DescribeWaitStatus(int wait_status);

// This process's environment without any PYTHON* variable (they change how
// an interpreter starts), plus |extra| ("NAME=value" each).
std::vector<std::string> EnvironmentWithoutPython(const std::vector<std::string>& extra);

// |name| as the shell would find it: itself if it contains a '/' (made
// absolute against |cwd|), else the first executable file of that name in
// the directories of $PATH. nullopt if there is none.
std::optional<std::string> FindProgram(const std::string& name,
                                       const std::string& cwd);

// False only if process |pid| certainly does not exist (a pid <= 0 is
// never known to be gone). For cleaning up what killed processes left.
bool ProcessMayExist(long pid);

}  // namespace pycpack

#endif  // PYCPACK_UTIL_SUBPROCESS_H_
