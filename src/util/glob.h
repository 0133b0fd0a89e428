// Glob patterns over '/'-separated relative paths, as used by a library's
// "include" and "exclude" lists.
//
//   *      any run of characters except '/'
//   ?      one character except '/'
//   [abc]  [a-z]  [!a-z]   one character (not '/') from / not from a set
//   **     as a whole path component: zero or more components
//          ("a/**" = everything below a; "**/tests/**" = anything with a
//          tests directory; "**/*.py" = every .py file)
//
// A pattern never starts with '/', contains no "." or ".." components and no
// empty components.
//
// Details: matching is bytewise and case-sensitive; '*' and '?' also match a
// leading '.'; there are no backslash escapes (write "[*]" for a literal
// '*'); a ']' right after "[" or "[!" is a member of the set, a '-' first or
// last is literal, and a reversed range such as "[z-a]" matches nothing.
// Matching takes O(|pattern| * |path|) time, never exponential.
#ifndef PYCPACK_UTIL_GLOB_H_
#define PYCPACK_UTIL_GLOB_H_

#include <string_view>

#include "pycpack/status.h"

namespace pycpack {

// Ok if |pattern| is well formed; otherwise a kManifest status whose message
// says what is wrong (without naming where the pattern came from).
Status ValidateGlob(std::string_view pattern);

// True if |pattern| matches all of |path|.
// REQUIRES: ValidateGlob(pattern).ok().
bool GlobMatch(std::string_view pattern, std::string_view path);

// True if |pattern| matches |path| or one of its ancestor directories
// ("pkg" and "pkg/**" both select "pkg/mod.py").
bool GlobMatchSelfOrParent(std::string_view pattern, std::string_view path);

}  // namespace pycpack

#endif  // PYCPACK_UTIL_GLOB_H_
