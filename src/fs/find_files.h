// Finding files by name below a directory.
#ifndef PYCPACK_FS_FIND_FILES_H_
#define PYCPACK_FS_FIND_FILES_H_

#include <string>
#include <string_view>
#include <vector>

#include "pycpack/filesystem.h"
#include "pycpack/status.h"

namespace pycpack {

// Appends to |out| the paths (JoinPath(dir, ...)) of the regular files below
// directory |dir| whose names end in |suffix|, depth first, each directory's
// names in bytewise order. Symlinks are not followed. Fails on the first
// directory or file that cannot be listed or stat'ed; what was found before
// stays in |out|.
Status FindFiles(FileSystem* fs, const std::string& dir,
                 std::string_view suffix, std::vector<std::string>* out);

}  // namespace pycpack

#endif  // PYCPACK_FS_FIND_FILES_H_
