#include "fs/hashing_filesystem.h"

namespace pycpack {
namespace {

class HashingFile : public WritableFile {
 public:
  HashingFile(std::unique_ptr<WritableFile> inner, Sha256* sha, uint64_t* bytes)
      : inner_(std::move(inner)), sha_(sha), bytes_(bytes) {}
  Status Append(std::string_view data) override {
    Status s = inner_->Append(data);
    if (s.ok()) {
      sha_->Update(data);
      *bytes_ += data.size();
    }
    return s;
  }
  Status Close() override { return inner_->Close(); }

 private:
  std::unique_ptr<WritableFile> inner_;
  Sha256* sha_;
  uint64_t* bytes_;
};

}  // namespace

Result<std::unique_ptr<WritableFile>> HashingFileSystem::NewWritableFile(
    const std::string& path, uint32_t mode) {
  Result<std::unique_ptr<WritableFile>> f = inner()->NewWritableFile(path, mode);
  if (!f.ok() || path != watched_) return f;
  return std::unique_ptr<WritableFile>(
      std::make_unique<HashingFile>(std::move(f).value(), &sha_, &bytes_));
}

}  // namespace pycpack
