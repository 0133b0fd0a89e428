#include "util/glob.h"

#include <string>

namespace pycpack {
namespace {

constexpr size_t kNpos = std::string_view::npos;

// Returns the index just past the ']' closing the character class that
// starts at pattern[open] == '[', or kNpos if the class is unterminated.
// A ']' right after "[" or "[!" is a member, not the end.
size_t ClassEnd(std::string_view pattern, size_t open) {
  size_t i = open + 1;
  if (i < pattern.size() && pattern[i] == '!') ++i;
  if (i < pattern.size() && pattern[i] == ']') ++i;
  size_t close = pattern.find(']', i);
  return close == kNpos ? kNpos : close + 1;
}

// True if |c| belongs to the class pattern[open, end) (end is past ']').
bool ClassContains(std::string_view pattern, size_t open, size_t end,
                   unsigned char c) {
  size_t i = open + 1;
  const size_t last = end - 1;  // the closing ']'
  bool negate = false;
  if (pattern[i] == '!') {
    negate = true;
    ++i;
  }
  bool found = false;
  while (i < last) {
    const unsigned char lo = pattern[i];
    // "a-z" is a range unless '-' is the final member ("[a-]"); a range
    // whose ends are reversed ("[z-a]") contains nothing.
    if (i + 2 < last && pattern[i + 1] == '-') {
      const unsigned char hi = pattern[i + 2];
      if (lo <= c && c <= hi) found = true;
      i += 3;
    } else {
      if (c == lo) found = true;
      ++i;
    }
  }
  return found != negate;
}

// Matches one path component (no '/') against one pattern component
// (not "**"). Greedy with a single backtrack point for the last '*': each
// token other than '*' consumes exactly one character, so this runs in
// O(|pattern| * |name|) time.
bool MatchComponent(std::string_view pat, std::string_view name) {
  size_t p = 0, n = 0;
  size_t star_p = kNpos, star_n = 0;
  while (n < name.size()) {
    if (p < pat.size() && pat[p] == '*') {
      star_p = ++p;
      star_n = n;
      continue;
    }
    if (p < pat.size()) {
      const unsigned char c = name[n];
      if (pat[p] == '?') {
        ++p;
        ++n;
        continue;
      }
      if (pat[p] == '[') {
        size_t end = ClassEnd(pat, p);
        if (end != kNpos) {
          if (ClassContains(pat, p, end, c)) {
            p = end;
            ++n;
            continue;
          }
        } else if (c == '[') {  // unvalidated pattern: a literal '['
          ++p;
          ++n;
          continue;
        }
      } else if (static_cast<unsigned char>(pat[p]) == c) {
        ++p;
        ++n;
        continue;
      }
    }
    if (star_p == kNpos) return false;
    p = star_p;
    n = ++star_n;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

// Walks the '/'-separated components of a string without allocating.
// Position |s.size() + 1| means "no components left".
struct Components {
  std::string_view s;
  size_t End() const { return s.size() + 1; }
  size_t Next(size_t i) const {
    size_t slash = s.find('/', i);
    return slash == kNpos ? End() : slash + 1;
  }
  std::string_view At(size_t i) const {
    size_t slash = s.find('/', i);
    return s.substr(i, (slash == kNpos ? s.size() : slash) - i);
  }
};

// Component-level matching: "**" matches zero or more path components and
// every other pattern component matches exactly one, so the same greedy
// scheme as MatchComponent applies (no exponential backtracking). With
// |prefix_ok|, a pattern that matches the first components of |path| (an
// ancestor directory, or the path itself) is a match.
bool MatchPath(std::string_view pattern, std::string_view path,
               bool prefix_ok) {
  const Components pat{pattern}, name{path};
  size_t p = 0;
  size_t n = path.empty() ? name.End() : 0;
  size_t star_p = kNpos, star_n = 0;
  while (n < name.End()) {
    if (prefix_ok && p == pat.End()) return true;
    if (p < pat.End()) {
      std::string_view comp = pat.At(p);
      if (comp == "**") {
        p = pat.Next(p);
        star_p = p;
        star_n = n;
        continue;
      }
      if (MatchComponent(comp, name.At(n))) {
        p = pat.Next(p);
        n = name.Next(n);
        continue;
      }
    }
    if (star_p == kNpos) return false;
    p = star_p;
    n = star_n = name.Next(star_n);
  }
  while (p < pat.End() && pat.At(p) == "**") p = pat.Next(p);
  return p == pat.End();
}

Status Invalid(std::string_view pattern, std::string_view problem) {
  std::string msg = "invalid glob \"";
  msg += pattern;
  msg += "\": ";
  msg += problem;
  return ManifestError(std::move(msg));
}

// Checks one pattern component (brackets closed, "**" alone).
Status ValidateComponent(std::string_view pattern, std::string_view comp) {
  if (comp.empty()) return Invalid(pattern, "empty path component");
  if (comp == "." || comp == "..") {
    return Invalid(pattern, "\".\" and \"..\" components are not allowed");
  }
  if (comp == "**") return Status::Ok();
  for (size_t i = 0; i < comp.size(); ++i) {
    if (comp[i] == '[') {
      size_t end = ClassEnd(comp, i);
      if (end == kNpos) return Invalid(pattern, "unterminated '['");
      i = end - 1;
    } else if (comp[i] == '*' && i + 1 < comp.size() && comp[i + 1] == '*') {
      return Invalid(pattern,
                     "\"**\" must be a whole path component (as in "
                     "\"a/**/b\"); use \"*\" within a name");
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateGlob(std::string_view pattern) {
  if (pattern.empty()) return ManifestError("invalid glob: empty pattern");
  if (pattern[0] == '/') {
    return Invalid(pattern, "must be relative (starts with '/')");
  }
  size_t i = 0;
  while (true) {
    size_t slash = pattern.find('/', i);
    size_t end = slash == kNpos ? pattern.size() : slash;
    PYCPACK_RETURN_IF_ERROR(
        ValidateComponent(pattern, pattern.substr(i, end - i)));
    if (slash == kNpos) break;
    i = slash + 1;
  }
  return Status::Ok();
}

bool GlobMatch(std::string_view pattern, std::string_view path) {
  return MatchPath(pattern, path, /*prefix_ok=*/false);
}

bool GlobMatchSelfOrParent(std::string_view pattern, std::string_view path) {
  return MatchPath(pattern, path, /*prefix_ok=*/true);
}

}  // namespace pycpack
