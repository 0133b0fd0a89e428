// A FileSystem decorator that computes the SHA-256 and size of one file as
// it is written, so an artifact's digest needs no second read.
#ifndef PYCPACK_FS_HASHING_FILESYSTEM_H_
#define PYCPACK_FS_HASHING_FILESYSTEM_H_

#include <memory>
#include <string>

#include "pycpack/filesystem.h"
#include "util/sha256.h"

namespace pycpack {

class HashingFileSystem : public FileSystem {
 public:
  // Forwards everything to |inner| (which must outlive this); appends to the
  // file created at |watched| are hashed.
  HashingFileSystem(FileSystem* inner, std::string watched)
      : inner_(inner), watched_(std::move(watched)) {}

  // The digest of everything appended to |watched| (64 hex digits).
  // REQUIRES: called once, after the file was closed.
  std::string HexDigest() { return sha_.HexDigest(); }
  uint64_t bytes() const { return bytes_; }

  Result<FileInfo> Lstat(const std::string& p) override { return inner_->Lstat(p); }
  Result<FileInfo> Stat(const std::string& p) override { return inner_->Stat(p); }
  bool Exists(const std::string& p) override { return inner_->Exists(p); }
  Result<std::vector<std::string>> ListDir(const std::string& p) override {
    return inner_->ListDir(p);
  }
  Result<std::string> ReadFile(const std::string& p) override {
    return inner_->ReadFile(p);
  }
  Result<std::string> RealPath(const std::string& p) override {
    return inner_->RealPath(p);
  }
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path,
                                                        uint32_t mode) override;
  Status MakeDir(const std::string& p, uint32_t mode) override {
    return inner_->MakeDir(p, mode);
  }
  Status SetMtime(const std::string& p, int64_t t) override {
    return inner_->SetMtime(p, t);
  }
  Status Rename(const std::string& a, const std::string& b) override {
    return inner_->Rename(a, b);
  }
  Status Exchange(const std::string& a, const std::string& b) override {
    return inner_->Exchange(a, b);
  }
  Status RemoveAll(const std::string& p) override { return inner_->RemoveAll(p); }

 private:
  FileSystem* inner_;
  std::string watched_;
  Sha256 sha_;
  uint64_t bytes_ = 0;
};

}  // namespace pycpack

#endif  // PYCPACK_FS_HASHING_FILESYSTEM_H_
