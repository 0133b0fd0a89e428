#include "compile/source_checks.h"

namespace pycpack {

std::optional<Diagnostic> FindNulByte(std::string_view source) {
  size_t nul = source.find('\0');
  if (nul == std::string_view::npos) return std::nullopt;
  size_t line_start = source.substr(0, 3) == "\xef\xbb\xbf" ? 3 : 0;
  int line = 1;
  for (size_t i = 0; i < nul; ++i) {
    if (source[i] == '\n' || (source[i] == '\r' && (i + 1 >= source.size() ||
                                                    source[i + 1] != '\n'))) {
      ++line;
      line_start = i + 1;
    }
  }
  Diagnostic d;
  d.kind = "SyntaxError";
  d.message = "source code cannot contain null bytes";
  d.line = line;
  d.col = static_cast<int>(nul - line_start) + 1;
  return d;
}

}  // namespace pycpack
