#include "cli/terminal_printer.h"

#include "compile/diagnostic_text.h"

namespace pycpack {

void TerminalPrinter::ClearLine() {
  if (drawn_) out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

void TerminalPrinter::JobStarted(const JobEvent& job) {
  if (verbosity_ < 2) return;
  ClearLine();
  out_ << (job.from_cache ? "cached " : "compile") << ' ' << job.path << " (optimize "
       << job.optimize;
  if (!job.target.empty()) out_ << ", " << job.target;
  out_ << ")\n";
}

void TerminalPrinter::JobFinished(const JobEvent& job, const Progress& p) {
  if (!progress_ || (p.finished % 16 != 0 && p.finished != p.total)) return;
  out_ << "\r\033[K" << p.finished << '/' << p.total << " pycs (" << p.cached
       << " from cache), library " << job.library << std::flush;
  drawn_ = true;
}

void TerminalPrinter::Warning(const std::string& message) {
  if (verbosity_ == 0) return;
  ClearLine();
  out_ << "pycpack: warning: " << message << '\n';
}

void TerminalPrinter::Diagnostic(const DiagnosticReport& d) {
  if (!d.error && verbosity_ == 0) return;
  ClearLine();
  out_ << FormatDiagnostic(d.path, d.diagnostic, d.error);
  if (!d.target.empty()) out_ << " [target " << d.target << "]";
  if (d.kept) out_ << " (kept as source, without pyc: on_compile_error keep-source)";
  out_ << '\n';
}

}  // namespace pycpack
