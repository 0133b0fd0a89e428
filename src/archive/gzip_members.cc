#include "archive/gzip_members.h"

#include <libdeflate.h>

#include <string>

namespace pycpack {
namespace {

class GzipMembersFile : public WritableFile {
 public:
  explicit GzipMembersFile(std::unique_ptr<WritableFile> inner)
      : inner_(std::move(inner)),
        compressor_(libdeflate_alloc_compressor(kGzipLevel)) {
    pending_.reserve(kGzipMemberSize);
  }
  ~GzipMembersFile() override { libdeflate_free_compressor(compressor_); }

  Status Append(std::string_view data) override {
    while (!data.empty()) {
      size_t take = std::min(data.size(), kGzipMemberSize - pending_.size());
      pending_.append(data.substr(0, take));
      data.remove_prefix(take);
      if (pending_.size() == kGzipMemberSize) PYCPACK_RETURN_IF_ERROR(Emit());
    }
    return Status::Ok();
  }

  Status Close() override {
    if (!pending_.empty() || !emitted_) PYCPACK_RETURN_IF_ERROR(Emit());
    return inner_->Close();
  }

 private:
  // Compresses |pending_| into one member and writes it.
  Status Emit() {
    if (compressor_ == nullptr) return InternalError("libdeflate: out of memory");
    size_t bound = libdeflate_gzip_compress_bound(compressor_, pending_.size());
    out_.resize(bound);
    size_t n = libdeflate_gzip_compress(compressor_, pending_.data(),
                                        pending_.size(), out_.data(), bound);
    if (n == 0) return InternalError("libdeflate: gzip compression failed");
    // OS: Unix, as gzip writes it (libdeflate says "unknown").
    out_[9] = 3;
    pending_.clear();
    emitted_ = true;
    return inner_->Append(std::string_view(out_.data(), n));
  }

  std::unique_ptr<WritableFile> inner_;
  libdeflate_compressor* compressor_;
  std::string pending_;
  std::string out_;
  bool emitted_ = false;
};

}  // namespace

std::unique_ptr<WritableFile> NewGzipMembersFile(std::unique_ptr<WritableFile> inner) {
  return std::make_unique<GzipMembersFile>(std::move(inner));
}

}  // namespace pycpack
