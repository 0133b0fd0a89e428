// Unpacking an archive artifact for `verify`, refusing anything that would
// land outside the destination.
#ifndef PYCPACK_VERIFY_EXTRACT_H_
#define PYCPACK_VERIFY_EXTRACT_H_

#include <string>
#include <string_view>

#include "pycpack/status.h"

namespace pycpack {

// Ok if |name| (an archive member name, '/'-separated, a trailing '/' for
// directories allowed) is relative, not empty and has no ".." component;
// else an UnsafeError saying what is wrong with it.
Status CheckMemberName(std::string_view name);

// Extracts every member of the tar (plain, gzip, zstd, ...) or zip archive
// |archive| below the existing directory |dest|, keeping modification
// times. Refuses (UnsafeError "<archive>: entry '<name>': ...") members
// with an absolute name or a ".." component, symlinks whose target is
// absolute, climbs out of |dest| or has a ".." after another component
// ("s/.." leaves |dest| if s is a symlink to "."), hard links to such
// names, and members that are neither file, directory nor symlink;
// libarchive's secure-extract flags also refuse writing through a symlink.
// Fails (IoError naming |archive|) when it is not an archive or cannot be
// read. On failure |dest| may hold part of the content: the caller removes
// it.
Status ExtractArchive(const std::string& archive, const std::string& dest);

}  // namespace pycpack

#endif  // PYCPACK_VERIFY_EXTRACT_H_
