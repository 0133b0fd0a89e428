// Whole-tree operations on the host file system for `verify`: the
// read-only copy that imports run in, and the listing that proves nothing
// was written into it.
#ifndef PYCPACK_VERIFY_TREE_H_
#define PYCPACK_VERIFY_TREE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pycpack/status.h"

namespace pycpack {

// Copies directory |from| to |to| (which must not exist): directories,
// regular files with their permission bits and modification times (so
// timestamp pycs stay as they were), symlinks as symlinks. Anything else
// is an error naming it.
Status CopyTree(const std::string& from, const std::string& to);

// Gives (u+w) or takes away (a-w) the write permission of |root| and
// everything below it; symlinks are left alone.
Status SetTreeWritable(const std::string& root, bool writable);

struct TreeEntry {
  char type = 'f';  // 'f' file, 'd' directory, 'l' symlink, '?' other
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  bool operator==(const TreeEntry&) const = default;
};
using TreeListing = std::map<std::string, TreeEntry>;  // by relative path

// Everything below |root| (not |root| itself), without following symlinks.
Result<TreeListing> ListTree(const std::string& root);

struct TreeChange {
  std::string path;
  const char* what;  // "added", "changed" or "removed"
};

// How |after| differs from |before|, by path.
std::vector<TreeChange> TreeChanges(const TreeListing& before,
                                    const TreeListing& after);

}  // namespace pycpack

#endif  // PYCPACK_VERIFY_TREE_H_
