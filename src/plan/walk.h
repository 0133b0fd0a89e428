// Selecting a library's files from its root.
#ifndef PYCPACK_PLAN_WALK_H_
#define PYCPACK_PLAN_WALK_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pycpack/filesystem.h"
#include "pycpack/manifest.h"
#include "pycpack/status.h"

namespace pycpack {

// One file selected from a library root.
struct SourceFile {
  size_t library = 0;    // index into Manifest::libraries
  std::string rel_path;  // relative to the library root, '/'-separated
  std::string disk_path;  // where to read it (root + rel_path)
  uint32_t mode = 0644;   // 0755 if any execute bit is set, else 0644
  uint64_t size = 0;      // as the walk saw it
};

// Limits on what a library may hold: deeper trees and bigger Python
// sources are refused (generated or hostile input, not code to ship).
inline constexpr int kMaxTreeDepth = 128;
inline constexpr uint64_t kMaxSourceSize = 64ull << 20;

// How messages name the file |rel_path| (relative to the root) of |lib|:
// its path on disk, or for a wheel library, whose root is a temporary
// extraction, "<wheel>!/<rel_path>" (files from the wheel's .data/purelib
// and .data/platlib are named by where they were placed).
std::string ShownLibraryPath(const Library& lib, std::string_view rel_path);
// ShownLibraryPath of |file|, one of the files of |manifest|.
std::string ShownSourcePath(const Manifest& manifest, const SourceFile& file);

// Appends the files of manifest.libraries[index] to |out|, sorted by
// rel_path. Walks the root through |fs|: "__pycache__" directories and
// "*.pyc"/"*.pyo" files are skipped; include/exclude globs are applied to
// the relative path (a pattern matching a directory selects everything
// below it). Symlinks are followed when their target lies inside the
// library root (the file is shipped as a regular file); a symlink leading
// outside the root, a dangling symlink, a symlink loop, a special file
// (fifo, socket, device), a name that is not valid UTF-8 (archives store
// UTF-8 names), and a directory nested more than kMaxTreeDepth levels
// below the root are errors naming the path (ShownLibraryPath).
// A library with "files" is not walked: its listed files are taken in
// their stead (skipping, as the walk does, "*.pyc"/"*.pyo" files and
// anything below a "__pycache__" directory), each read through symlinks
// wherever they lead; one that is missing, dangling or not a regular file
// after following is an error. The root itself is then never read.
// REQUIRES: the library has a root (a wheel library's wheel was extracted).
Status WalkLibrary(FileSystem* fs, const Manifest& manifest, size_t index,
                   std::vector<SourceFile>* out);

}  // namespace pycpack

#endif  // PYCPACK_PLAN_WALK_H_
