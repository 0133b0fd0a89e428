// A FileSystem that forwards every call to another one; decorators derive
// from it and override what they change (LevelDB's EnvWrapper idea).
#ifndef PYCPACK_FS_FILESYSTEM_WRAPPER_H_
#define PYCPACK_FS_FILESYSTEM_WRAPPER_H_

#include <memory>
#include <string>
#include <vector>

#include "pycpack/filesystem.h"

namespace pycpack {

class FileSystemWrapper : public FileSystem {
 public:
  // REQUIRES: |inner| outlives this.
  explicit FileSystemWrapper(FileSystem* inner) : inner_(inner) {}
  FileSystem* inner() const { return inner_; }

  Result<FileInfo> Lstat(const std::string& p) override { return inner_->Lstat(p); }
  Result<FileInfo> Stat(const std::string& p) override { return inner_->Stat(p); }
  bool Exists(const std::string& p) override { return inner_->Exists(p); }
  Result<std::vector<std::string>> ListDir(const std::string& p) override {
    return inner_->ListDir(p);
  }
  Result<std::string> ReadFile(const std::string& p) override {
    return inner_->ReadFile(p);
  }
  Result<std::unique_ptr<SequentialFile>> NewSequentialFile(
      const std::string& p) override {
    return inner_->NewSequentialFile(p);
  }
  Result<std::unique_ptr<RandomAccessFile>> NewRandomAccessFile(
      const std::string& p) override {
    return inner_->NewRandomAccessFile(p);
  }
  Result<std::string> RealPath(const std::string& p) override {
    return inner_->RealPath(p);
  }
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& p,
                                                        uint32_t mode) override {
    return inner_->NewWritableFile(p, mode);
  }
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
};

}  // namespace pycpack

#endif  // PYCPACK_FS_FILESYSTEM_WRAPPER_H_
