// A FileSystem decorator that computes the SHA-256 and size of one file as
// it is written, so an artifact's digest needs no second read.
#ifndef PYCPACK_FS_HASHING_FILESYSTEM_H_
#define PYCPACK_FS_HASHING_FILESYSTEM_H_

#include <memory>
#include <string>

#include "fs/filesystem_wrapper.h"
#include "util/sha256.h"

namespace pycpack {

class HashingFileSystem : public FileSystemWrapper {
 public:
  // Forwards everything to |inner| (which must outlive this); appends to the
  // file created at |watched| are hashed.
  HashingFileSystem(FileSystem* inner, std::string watched)
      : FileSystemWrapper(inner), watched_(std::move(watched)) {}

  // The digest of everything appended to |watched| (64 hex digits).
  // REQUIRES: called once, after the file was closed.
  std::string HexDigest() { return sha_.HexDigest(); }
  uint64_t bytes() const { return bytes_; }

  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path,
                                                        uint32_t mode) override;

 private:
  std::string watched_;
  Sha256 sha_;
  uint64_t bytes_ = 0;
};

}  // namespace pycpack

#endif  // PYCPACK_FS_HASHING_FILESYSTEM_H_
