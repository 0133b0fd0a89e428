#include "archive/gzip_members.h"

#include <libdeflate.h>

#include <string>

#include "util/sha256.h"

namespace pycpack {

bool IsGzipBoundary(std::string_view path) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : path) {
    h ^= c;
    h *= 16777619u;
  }
  return h % kGzipBoundaryModulus == 0;
}

GzipMembersFile::GzipMembersFile(std::unique_ptr<WritableFile> inner,
                                 BlobStore* blobs)
    : inner_(std::move(inner)), blobs_(blobs),
      compressor_(libdeflate_alloc_compressor(kGzipLevel)) {}

GzipMembersFile::~GzipMembersFile() { libdeflate_free_compressor(compressor_); }

Status GzipMembersFile::Append(std::string_view data) {
  while (!data.empty()) {
    size_t take = std::min(data.size(), kGzipMaxMember - pending_.size());
    pending_.append(data.substr(0, take));
    data.remove_prefix(take);
    if (pending_.size() == kGzipMaxMember) PYCPACK_RETURN_IF_ERROR(Emit());
  }
  return Status::Ok();
}

Status GzipMembersFile::Boundary(std::string_view path) {
  if (pending_.empty() || !IsGzipBoundary(path)) return Status::Ok();
  return Emit();
}

Status GzipMembersFile::Close() {
  if (!pending_.empty() || !emitted_) PYCPACK_RETURN_IF_ERROR(Emit());
  return inner_->Close();
}

Status GzipMembersFile::Emit() {
  std::string key;
  if (blobs_) {
    Sha256 sha;
    // The compressor's version and level decide the bytes as much as the
    // input does: a member cached by another libdeflate must not match.
    sha.Update("pycpack-gzip-member-1\0" LIBDEFLATE_VERSION_STRING "\0");
    sha.Update(std::string(1, static_cast<char>(kGzipLevel)));
    sha.Update(pending_);
    key = sha.HexDigest();
    if (std::optional<std::string> hit = blobs_->Get(key)) {
      pending_.clear();
      emitted_ = true;
      ++reused_;
      return inner_->Append(*hit);
    }
  }
  if (compressor_ == nullptr) return InternalError("libdeflate: out of memory");
  size_t bound = libdeflate_gzip_compress_bound(compressor_, pending_.size());
  out_.resize(bound);
  size_t n = libdeflate_gzip_compress(compressor_, pending_.data(),
                                      pending_.size(), out_.data(), bound);
  if (n == 0) return InternalError("libdeflate: gzip compression failed");
  out_[9] = 3;  // OS: Unix, as gzip writes it (libdeflate says "unknown")
  pending_.clear();
  emitted_ = true;
  ++compressed_;
  std::string_view member(out_.data(), n);
  if (blobs_) blobs_->Put(key, member);
  return inner_->Append(member);
}

}  // namespace pycpack
