// A compressed file written as a series of independent members (gzip
// members, zstd frames: member_codec.h), which decoders read as one stream.
//
// Members end at entry boundaries chosen by the entry's path alone (see
// Boundary), never by sizes, so a change to one entry changes at most the
// member holding it and the next one (which starts with its padding). With
// a BlobStore, a member whose bytes were compressed before is taken from the
// store: a rebuild after touching one file compresses one or two members.
#ifndef PYCPACK_ARCHIVE_COMPRESSED_MEMBERS_H_
#define PYCPACK_ARCHIVE_COMPRESSED_MEMBERS_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "archive/member_codec.h"
#include "pycpack/archive.h"
#include "pycpack/filesystem.h"

namespace pycpack {

// A member ends after an entry whose path hashes to 0 modulo this (about one
// entry in 16), or mid-entry once it holds kMaxMember uncompressed bytes.
// Both are part of the output's identity; they bound what a member holds in
// memory, whatever the size of an entry.
inline constexpr uint32_t kMemberBoundaryModulus = 16;
inline constexpr size_t kMaxMember = 16u << 20;

class CompressedMembersFile : public WritableFile {
 public:
  // Writes members made by |codec| to |inner|; |blobs| may be null.
  CompressedMembersFile(std::unique_ptr<WritableFile> inner,
                        std::unique_ptr<MemberCodec> codec, BlobStore* blobs);

  Status Append(std::string_view data) override;
  // Writes the last member (a file with nothing appended gets one empty
  // member) and closes |inner|.
  Status Close() override;

  // Called after all bytes of the entry at |path| were appended: ends the
  // current member if |path| is a boundary.
  Status Boundary(std::string_view path);

  // Members compressed here, and taken from the BlobStore.
  size_t compressed() const { return compressed_; }
  size_t reused() const { return reused_; }

 private:
  Status Emit();

  std::unique_ptr<WritableFile> inner_;
  std::unique_ptr<MemberCodec> codec_;
  BlobStore* blobs_;
  std::string pending_;
  bool emitted_ = false;
  size_t compressed_ = 0, reused_ = 0;
};

// True if a member ends after the entry at |path|.
bool IsMemberBoundary(std::string_view path);

// The key a member of |uncompressed| bytes is stored under: the SHA-256
// (64 hex digits) of codec.identity() followed by the bytes.
std::string MemberKey(const MemberCodec& codec, std::string_view uncompressed);

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_COMPRESSED_MEMBERS_H_
