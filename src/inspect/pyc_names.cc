#include "inspect/pyc_names.h"

#include "util/paths.h"

namespace pycpack::inspect {
namespace {

constexpr std::string_view kPycache = "__pycache__";

// Removes the last ".part" of |name| and returns the part, or nullopt if
// |name| has no dot after its first character.
std::optional<std::string_view> PopDotPart(std::string_view* name) {
  const size_t dot = name->rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  std::string_view part = name->substr(dot + 1);
  *name = name->substr(0, dot);
  return part;
}

// N for "opt-N" with N a single decimal digit, else nullopt.
std::optional<int> OptLevel(std::string_view part) {
  if (part.size() != 5 || part.substr(0, 4) != "opt-") return std::nullopt;
  if (part[4] < '0' || part[4] > '9') return std::nullopt;
  return part[4] - '0';
}

std::string Join(std::string_view dir, std::string_view file) {
  std::string out(dir);
  if (!out.empty() && out.back() != '/') out += '/';
  return out + std::string(file);
}

}  // namespace

PycName ClassifyPycPath(std::string_view path) {
  PycName out;
  std::string_view dir = DirName(path);
  std::string_view stem = BaseName(path);
  stem.remove_suffix(4);  // ".pyc"
  if (BaseName(dir) != kPycache) {
    out.sourceless = true;
    out.source = Join(dir, std::string(stem) + ".py");
    return out;
  }
  std::string_view parent = DirName(dir);
  std::optional<std::string_view> last = PopDotPart(&stem);
  if (!last) return out;
  std::optional<int> level = 0;
  if (last->starts_with("opt-")) {
    level = OptLevel(*last);
    if (!PopDotPart(&stem)) return out;  // "a.opt-1.pyc": no tag
  }
  out.level = level;
  out.source = Join(parent, std::string(stem) + ".py");
  return out;
}

}  // namespace pycpack::inspect
