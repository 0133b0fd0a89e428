// The command line's view of a build: diagnostics and warnings as lines,
// every job with -v, and on a terminal a progress line that redraws itself
// (the only place that writes terminal escape codes).
#ifndef PYCPACK_CLI_TERMINAL_PRINTER_H_
#define PYCPACK_CLI_TERMINAL_PRINTER_H_

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

#include "build/build_observer.h"

namespace pycpack {

// The text of the progress line, without escape codes; a pure function so
// that its format is tested on its own. |seconds| is the time spent in the
// compiling phase so far; the rate and the time left appear once it is at
// least half a second and some job has finished.
//   "compiling  45%  4960/9869 files  1234 files/s  0:04 left  (120 from cache)"
std::string CompilingLine(const Progress& p, double seconds);

class TerminalPrinter : public BuildObserver {
 public:
  // Seconds on a monotonic clock; tests pass their own.
  using Clock = std::function<double()>;

  // |verbosity|: 0 errors only, 1 also warnings, 2 also every job.
  // |progress|: draw the progress line (never at verbosity 0); only for a
  // terminal, which the caller decides.
  TerminalPrinter(std::ostream& out, int verbosity, bool progress, Clock clock = {});
  ~TerminalPrinter() override { ClearLine(); }

  void PhaseStarted(const PhaseEvent& phase) override;
  void JobStarted(const JobEvent& job) override;
  void JobFinished(const JobEvent& job, const Progress& progress) override;
  void Warning(const std::string& message) override;
  void Diagnostic(const DiagnosticReport& d) override;
  // Clears the progress line, so that what follows starts on a clean line.
  void ClearLine();

 private:
  void Draw(const std::string& text);

  std::ostream& out_;
  int verbosity_;
  bool progress_;
  Clock clock_;
  bool drawn_ = false;       // a progress line is on the screen
  double phase_start_ = 0;   // when the current phase began
  double last_draw_ = -1;    // when the line was last drawn
};

}  // namespace pycpack

#endif  // PYCPACK_CLI_TERMINAL_PRINTER_H_
