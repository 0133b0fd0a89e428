// Error statuses shared by the FileSystem implementations, so that the host
// and the in-memory file system describe the same failure in the same words.
#ifndef PYCPACK_FS_FS_ERRORS_H_
#define PYCPACK_FS_FS_ERRORS_H_

#include <string_view>

#include "pycpack/status.h"

namespace pycpack {

// IoError "cannot <action> '<path>': <strerror(err)>", e.g.
// "cannot read 'a.py': No such file or directory".
Status ErrnoStatus(std::string_view action, std::string_view path, int err);

// IoError "cannot <action> '<from>' <link> '<to>': <strerror(err)>" for the
// operations that concern two paths: ("rename", a, "to", b) gives
// "cannot rename 'a' to 'b': ...".
Status ErrnoStatus2(std::string_view action, std::string_view from,
                    std::string_view link, std::string_view to, int err);

}  // namespace pycpack

#endif  // PYCPACK_FS_FS_ERRORS_H_
