#include "cli/diagnostics.h"

#include "compile/diagnostic_text.h"
#include "util/paths.h"

namespace pycpack {

std::string ShownPath(const BuildEnv& env, const std::string& path) {
  if (!env.cwd.empty() && IsWithin(path, env.cwd) && path != env.cwd) {
    return RelativeTo(path, env.cwd);
  }
  return path;
}

void PrintDiagnostic(const BuildEnv& env, const BuildOptions& opt,
                     const DiagnosticReport& d) {
  if (!env.log || (!d.error && opt.verbosity == 0)) return;
  std::ostream& log = *env.log;
  if (env.progress) log << "\r\033[K";
  log << FormatDiagnostic(d.path, d.diagnostic, d.error);
  if (!d.target.empty()) log << " [target " << d.target << "]";
  log << '\n';
}

}  // namespace pycpack
