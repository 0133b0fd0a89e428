#include "compile/diagnostic_text.h"

namespace pycpack {

std::string FormatDiagnostic(const std::string& path, const Diagnostic& d, bool error) {
  std::string s = path;
  if (d.line > 0) s += ":" + std::to_string(d.line) + ":" + std::to_string(d.col);
  s += ": ";
  if (!error) s += "warning: ";
  return s + d.kind + ": " + d.message;
}

}  // namespace pycpack
