#include "archive/compressed_members.h"

#include <algorithm>
#include <string>

#include "util/sha256.h"

namespace pycpack {

bool IsMemberBoundary(std::string_view path) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : path) {
    h ^= c;
    h *= 16777619u;
  }
  return h % kMemberBoundaryModulus == 0;
}

std::string MemberKey(const MemberCodec& codec, std::string_view uncompressed) {
  Sha256 sha;
  sha.Update(codec.identity());
  sha.Update(uncompressed);
  return sha.HexDigest();
}

CompressedMembersFile::CompressedMembersFile(std::unique_ptr<WritableFile> inner,
                                             std::unique_ptr<MemberCodec> codec,
                                             BlobStore* blobs)
    : inner_(std::move(inner)), codec_(std::move(codec)), blobs_(blobs) {}

Status CompressedMembersFile::Append(std::string_view data) {
  while (!data.empty()) {
    size_t take = std::min(data.size(), kMaxMember - pending_.size());
    pending_.append(data.substr(0, take));
    data.remove_prefix(take);
    if (pending_.size() == kMaxMember) PYCPACK_RETURN_IF_ERROR(Emit());
  }
  return Status::Ok();
}

Status CompressedMembersFile::Boundary(std::string_view path) {
  if (pending_.empty() || !IsMemberBoundary(path)) return Status::Ok();
  return Emit();
}

Status CompressedMembersFile::Close() {
  if (!pending_.empty() || !emitted_) PYCPACK_RETURN_IF_ERROR(Emit());
  return inner_->Close();
}

Status CompressedMembersFile::Emit() {
  std::string key;
  if (blobs_) {
    key = MemberKey(*codec_, pending_);
    if (std::optional<std::string> hit = blobs_->Get(key)) {
      pending_.clear();
      emitted_ = true;
      ++reused_;
      return inner_->Append(*hit);
    }
  }
  Result<std::string_view> member = codec_->Compress(pending_);
  if (!member.ok()) return member.status();
  pending_.clear();
  emitted_ = true;
  ++compressed_;
  if (blobs_) blobs_->Put(key, *member);
  return inner_->Append(*member);
}

}  // namespace pycpack
