#include "cli/terminal_printer.h"

#include <chrono>
#include <cstdio>

#include "compile/diagnostic_text.h"

namespace pycpack {
namespace {

// Redraws are at most this often (seconds), except for the last job: enough
// to look alive, cheap enough not to show in a profile.
constexpr double kRedrawInterval = 0.1;

double SteadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string Duration(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

}  // namespace

std::string CompilingLine(const Progress& p, double seconds) {
  const int percent = p.total == 0 ? 100 : static_cast<int>(100 * p.finished / p.total);
  char head[96];
  std::snprintf(head, sizeof head, "compiling %3d%%  %zu/%zu files", percent, p.finished,
                p.total);
  std::string line = head;
  if (seconds >= 0.5 && p.finished > 0) {
    const double rate = p.finished / seconds;
    line += "  " + std::to_string(static_cast<long>(rate + 0.5)) + " files/s";
    if (p.finished < p.total) {
      line += "  " + Duration((p.total - p.finished) / rate) + " left";
    }
  }
  if (p.cached > 0) line += "  (" + std::to_string(p.cached) + " from cache)";
  return line;
}

TerminalPrinter::TerminalPrinter(std::ostream& out, int verbosity, bool progress, Clock clock)
    : out_(out), verbosity_(verbosity), progress_(progress && verbosity > 0),
      clock_(clock ? std::move(clock) : Clock(SteadySeconds)) {}

void TerminalPrinter::ClearLine() {
  if (drawn_) out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

void TerminalPrinter::Draw(const std::string& text) {
  out_ << "\r\033[K" << text << std::flush;
  drawn_ = true;
  last_draw_ = clock_();
}

void TerminalPrinter::PhaseStarted(const PhaseEvent& phase) {
  phase_start_ = clock_();
  if (!progress_) return;
  switch (phase.phase) {
    case BuildPhase::kPlanning:
      Draw("planning " + phase.what);
      break;
    case BuildPhase::kCompiling:
      Draw(CompilingLine({0, phase.count, 0}, 0));
      break;
    case BuildPhase::kWriting:
      Draw("writing " + std::to_string(phase.index + 1) + "/" + std::to_string(phase.count) +
           "  " + phase.what);
      break;
  }
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
  (void)job;
  if (!progress_) return;
  const double now = clock_();
  if (p.finished != p.total && now - last_draw_ < kRedrawInterval) return;
  Draw(CompilingLine(p, now - phase_start_));
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
