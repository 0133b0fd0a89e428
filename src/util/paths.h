// Lexical path helpers (no disk access). Paths are '/'-separated.
#ifndef PYCPACK_UTIL_PATHS_H_
#define PYCPACK_UTIL_PATHS_H_

#include <string>
#include <string_view>
#include <vector>

namespace pycpack {

// The components of |path| between its '/'s, empty ones included:
// "a//b/" -> {"a", "", "b", ""}, "/a" -> {"", "a"}, "" -> {""}.
std::vector<std::string_view> SplitPath(std::string_view path);

// Removes "." components, empty components and "x/.." pairs. Keeps a
// leading '/'; ".." that would climb above the root of an absolute path is
// dropped; a relative path that climbs keeps its leading "..". Returns "."
// for an empty relative result.
std::string NormalizePath(std::string_view path);

// |b| if it is absolute, else NormalizePath(a + "/" + b).
std::string JoinPath(std::string_view a, std::string_view b);

// Everything before the last '/' ("" if none; "/" for "/x").
std::string_view DirName(std::string_view path);
// Everything after the last '/'.
std::string_view BaseName(std::string_view path);

// True if normalised |path| equals |dir| or lies below it.
bool IsWithin(std::string_view path, std::string_view dir);

// |path| relative to |dir| when IsWithin(path, dir); "" for path == dir.
std::string RelativeTo(std::string_view path, std::string_view dir);

// The process's working directory ("/" if it cannot be read).
std::string CurrentDirectory();

// True if |path| (relative, '/'-separated) has a component ending in
// ".dist-info": packaging metadata.
bool IsDistInfoPath(std::string_view path);

// The file name of the list of sources a build kept because they do not
// compile (docs/manifest.md, "on_compile_error").
inline constexpr std::string_view kKeptSourcesName = "pycpack-kept-sources.json";

// The order of entries in every artifact: bytewise, except that metadata
// (IsDistInfoPath) comes after everything else, so that a RECORD can list
// the hashes of the files before it, and wheels end with their .dist-info
// as the wheel specification recommends; and that just before it come
// paths with a component named kKeptSourcesName (the list is only known
// once everything else is compiled). Directories still come before what is
// below them.
bool ArtifactOrderLess(std::string_view a, std::string_view b);

}  // namespace pycpack

#endif  // PYCPACK_UTIL_PATHS_H_
