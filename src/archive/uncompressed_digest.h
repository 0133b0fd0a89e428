// The SHA-256 of a compressed file's content (an OCI layer's diff_id).
#ifndef PYCPACK_ARCHIVE_UNCOMPRESSED_DIGEST_H_
#define PYCPACK_ARCHIVE_UNCOMPRESSED_DIGEST_H_

#include <string>

#include "pycpack/filesystem.h"
#include "pycpack/status.h"

namespace pycpack {

// 64 hex digits: SHA-256 of the bytes |path| decompresses to (gzip, every
// member; zstd; or as it is when not compressed). Fails with an IoError
// naming |path| when it cannot be read or decompressed.
Result<std::string> UncompressedSha256(FileSystem* fs, const std::string& path);

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_UNCOMPRESSED_DIGEST_H_
