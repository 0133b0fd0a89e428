// The host file system's WritableFile: a POSIX file descriptor behind a
// write buffer.
#ifndef PYCPACK_FS_POSIX_FILE_H_
#define PYCPACK_FS_POSIX_FILE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "pycpack/filesystem.h"

namespace pycpack {

// Creates or truncates |path| and gives it exactly the permission bits
// |mode| (the process umask does not apply).
Result<std::unique_ptr<WritableFile>> OpenPosixWritableFile(
    const std::string& path, uint32_t mode);

}  // namespace pycpack

#endif  // PYCPACK_FS_POSIX_FILE_H_
