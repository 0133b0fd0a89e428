#include "plan/layout.h"

#include "util/paths.h"

namespace pycpack {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool IsPythonSource(std::string_view path) {
  return EndsWith(path, ".py") && BaseName(path).size() > 3;
}

bool IsStrayBytecode(std::string_view path) {
  return EndsWith(path, ".pyc") || EndsWith(path, ".pyo");
}

std::string SourcelessPycPath(std::string_view py_path) {
  std::string out(py_path);
  out += 'c';
  return out;
}

std::string CachedPycPath(std::string_view py_path, std::string_view cache_tag,
                          int optimize) {
  std::string_view dir = DirName(py_path);
  std::string_view name = BaseName(py_path);
  // importlib: base, sep, rest = name.rpartition('.'); base (or rest) + '.' + tag
  std::string_view base = name.substr(0, name.rfind('.'));
  std::string out;
  if (!dir.empty()) {
    out += dir;
    out += '/';
  }
  out += "__pycache__/";
  out += base;
  out += '.';
  out += cache_tag;
  if (optimize > 0) {
    out += ".opt-";
    out += static_cast<char>('0' + optimize);
  }
  out += ".pyc";
  return out;
}

}  // namespace pycpack
