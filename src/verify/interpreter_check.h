// The static checks of `verify`, run by each interpreter itself
// (CheckProgram()), and the reading of what it reports.
#ifndef PYCPACK_VERIFY_INTERPRETER_CHECK_H_
#define PYCPACK_VERIFY_INTERPRETER_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

#include "pycpack/status.h"
#include "verify/report.h"

namespace pycpack {

struct CheckOptions {
  std::vector<int> optimize;  // levels to check; empty: those the artifact has
  int timeout_seconds = 600;
};

// Runs `|python| -I -S -B -c CheckProgram() |root| OPTIONS` and returns what
// it found (|python| filled in). Reads |root| only, never runs its code.
// Fails (IoError naming |python|) when the interpreter cannot be started,
// exits with an error (its last line of stderr is quoted) or prints
// something that is not the expected document.
Result<InterpreterResult> CheckWithInterpreter(const std::string& python,
                                               const std::string& root,
                                               const CheckOptions& options);

// The document CheckProgram() prints, as a result (python left empty).
// InternalError saying what is wrong when it is not such a document.
Result<InterpreterResult> ParseCheckOutput(std::string_view text);

// The last non-empty line of |text| ("" if none).
std::string LastLine(std::string_view text);

}  // namespace pycpack

#endif  // PYCPACK_VERIFY_INTERPRETER_CHECK_H_
