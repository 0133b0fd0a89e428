#include "util/paths.h"

#include <limits.h>
#include <unistd.h>

#include <algorithm>

#include <vector>

namespace pycpack {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    parts.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

std::string NormalizePath(std::string_view path) {
  const bool absolute = !path.empty() && path[0] == '/';
  std::vector<std::string_view> parts;
  for (std::string_view part : SplitPath(path)) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!absolute) {
        parts.push_back(part);
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  if (absolute) out.assign(1, '/');
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k) out += '/';
    out += parts[k];
  }
  if (out.empty()) out = ".";
  return out;
}

std::string JoinPath(std::string_view a, std::string_view b) {
  if (!b.empty() && b[0] == '/') return NormalizePath(b);
  std::string joined(a);
  joined += '/';
  joined += b;
  return NormalizePath(joined);
}

std::string_view DirName(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {};
  if (slash == 0) return path.substr(0, 1);
  return path.substr(0, slash);
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool IsWithin(std::string_view path, std::string_view dir) {
  std::string p = NormalizePath(path), d = NormalizePath(dir);
  if (p == d) return true;
  if (d == "/") return !p.empty() && p[0] == '/';
  return p.size() > d.size() && p.compare(0, d.size(), d) == 0 &&
         p[d.size()] == '/';
}

std::string RelativeTo(std::string_view path, std::string_view dir) {
  std::string p = NormalizePath(path), d = NormalizePath(dir);
  if (p == d) return "";
  if (d == "/") return p.substr(1);
  return p.substr(d.size() + 1);
}

bool IsDistInfoPath(std::string_view path) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = std::min(path.find('/', start), path.size());
    std::string_view part = path.substr(start, end - start);
    if (part.size() > 10 && part.substr(part.size() - 10) == ".dist-info") return true;
    start = end + 1;
  }
  return false;
}

namespace {

// 0: ordinary, 1: a list of kept sources (or, should a tree hold a
// directory of that name, what is below it), 2: metadata.
int ArtifactOrderClass(std::string_view path) {
  if (IsDistInfoPath(path)) return 2;
  for (size_t start = 0; start <= path.size();) {
    size_t end = std::min(path.find('/', start), path.size());
    if (path.substr(start, end - start) == kKeptSourcesName) return 1;
    start = end + 1;
  }
  return 0;
}

}  // namespace

bool ArtifactOrderLess(std::string_view a, std::string_view b) {
  int ca = ArtifactOrderClass(a), cb = ArtifactOrderClass(b);
  if (ca != cb) return ca < cb;
  return a < b;
}

std::string CurrentDirectory() {
  char buf[PATH_MAX];
  if (getcwd(buf, sizeof buf) == nullptr) return "/";
  return buf;
}

}  // namespace pycpack
