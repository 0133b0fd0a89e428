// Recursive removal on the host file system that never leaves the tree.
#ifndef PYCPACK_FS_REMOVE_TREE_H_
#define PYCPACK_FS_REMOVE_TREE_H_

#include <dirent.h>

#include <string>
#include <vector>

#include "pycpack/status.h"

namespace pycpack {

// Removes |path| and, if it is a directory, everything below it. Symlinks
// are removed, never followed, at every level (including |path| itself), so
// nothing outside the tree is touched even if the tree changes meanwhile.
// A missing |path| is not an error.
Status RemoveTree(const std::string& path);

// As RemoveTree, but each directory first gets back its owner's write
// permission (u+w), so that a tree made read-only (chmod -R a-w) goes too.
Status ForceRemoveTree(const std::string& path);

// The names in |dir| without "." and ".." (in readdir order), closing |dir|
// in every case; |display| names the directory in errors.
Result<std::vector<std::string>> ReadAndCloseDir(DIR* dir,
                                                 const std::string& display);

}  // namespace pycpack

#endif  // PYCPACK_FS_REMOVE_TREE_H_
