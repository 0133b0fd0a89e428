// gzip output as a series of independent members (RFC 1952 §2.2: a gzip
// file is a sequence of members, and every gunzip, Python's gzip module and
// libarchive read them as one stream), each compressed by libdeflate in one
// call: about 3x faster than zlib's streaming deflate at the same level,
// and a little smaller.
//
// Members end at entry boundaries chosen by the entry's path alone (see
// Boundary), never by sizes, so a change to one entry changes at most the
// member holding it and the next one (which starts with its padding). With
// a BlobStore, a member whose bytes were compressed before is taken from the
// store: a rebuild after touching one file compresses one or two members.
#ifndef PYCPACK_ARCHIVE_GZIP_MEMBERS_H_
#define PYCPACK_ARCHIVE_GZIP_MEMBERS_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "pycpack/archive.h"
#include "pycpack/filesystem.h"

struct libdeflate_compressor;

namespace pycpack {

// libdeflate's level. Part of the output's identity.
inline constexpr int kGzipLevel = 6;
// A member ends after an entry whose path hashes to 0 modulo this (about one
// entry in 16), or mid-entry once it holds kGzipMaxMember bytes. Both are
// part of the output's identity.
inline constexpr uint32_t kGzipBoundaryModulus = 16;
inline constexpr size_t kGzipMaxMember = 16u << 20;

class GzipMembersFile : public WritableFile {
 public:
  // Writes to |inner|; |blobs| may be null.
  GzipMembersFile(std::unique_ptr<WritableFile> inner, BlobStore* blobs);
  ~GzipMembersFile() override;

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
  BlobStore* blobs_;
  libdeflate_compressor* compressor_;
  std::string pending_;
  std::string out_;
  bool emitted_ = false;
  size_t compressed_ = 0, reused_ = 0;
};

// True if a member ends after the entry at |path|.
bool IsGzipBoundary(std::string_view path);

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_GZIP_MEMBERS_H_
