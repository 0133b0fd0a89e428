// The command line's view of a build: diagnostics and warnings as lines,
// every job with -v, and on a terminal a progress line that redraws itself
// (the only place that writes terminal escape codes).
#ifndef PYCPACK_CLI_TERMINAL_PRINTER_H_
#define PYCPACK_CLI_TERMINAL_PRINTER_H_

#include <ostream>

#include "build/build_observer.h"

namespace pycpack {

class TerminalPrinter : public BuildObserver {
 public:
  // |verbosity|: 0 errors only, 1 also warnings, 2 also every job.
  // |progress|: |out| is a terminal; draw the progress line (not at 0).
  TerminalPrinter(std::ostream& out, int verbosity, bool progress)
      : out_(out), verbosity_(verbosity), progress_(progress && verbosity > 0) {}
  ~TerminalPrinter() override { ClearLine(); }

  void JobStarted(const JobEvent& job) override;
  void JobFinished(const JobEvent& job, const Progress& progress) override;
  void Warning(const std::string& message) override;
  void Diagnostic(const DiagnosticReport& d) override;
  // Clears the progress line, so that what follows starts on a clean line.
  void ClearLine();

 private:
  std::ostream& out_;
  int verbosity_;
  bool progress_;
  bool drawn_ = false;  // a progress line is on the screen
};

}  // namespace pycpack

#endif  // PYCPACK_CLI_TERMINAL_PRINTER_H_
