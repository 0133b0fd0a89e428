// Compressors whose outputs can be concatenated: a gzip file may hold a
// series of members (RFC 1952 §2.2) and a zstd stream a series of frames
// (RFC 8878 §3.1); every decoder reads such a series as one stream. A
// MemberCodec turns one piece of a file into one member, independent of
// the pieces before it, which is what lets CompressedMembersFile
// (compressed_members.h) reuse the members of unchanged pieces.
#ifndef PYCPACK_ARCHIVE_MEMBER_CODEC_H_
#define PYCPACK_ARCHIVE_MEMBER_CODEC_H_

#include <memory>
#include <string>
#include <string_view>

#include "pycpack/status.h"

namespace pycpack {

// The levels are part of the output's identity: changing one changes the
// bytes of every artifact of that format.
// libdeflate level 6: as small as gzip -6, about three times faster.
inline constexpr int kGzipLevel = 6;
// zstd level 3, zstd's default. On the tar of CPython 3.11's stdlib with
// its tests (sources + pycs, 88 MB) it is already 19 % smaller than gzip
// -6; level 9 saves about 15 % more for 4x the time, which would make
// compression, not compiling, the slowest part of a tar.zst build.
inline constexpr int kZstdLevel = 3;

class MemberCodec {
 public:
  virtual ~MemberCodec() = default;
  // Everything besides the input that decides a member's bytes: the
  // format, the library and its version, the level. Different for any two
  // codecs that could compress the same input differently; it prefixes the
  // keys members are cached under.
  virtual const std::string& identity() const = 0;
  // |data| as one complete member (possibly empty input). The bytes depend
  // only on |data| and identity(). The view is valid until the next call.
  virtual Result<std::string_view> Compress(std::string_view data) = 0;
};

// gzip members by libdeflate at kGzipLevel, every header with MTIME 0, no
// file name and OS 3 (Unix), as gzip -n writes them.
std::unique_ptr<MemberCodec> NewGzipCodec();
// zstd frames by libzstd (ZSTD_compressCCtx) at kZstdLevel: the frame
// header holds the content size; no checksum, no dictionary.
std::unique_ptr<MemberCodec> NewZstdCodec();

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_MEMBER_CODEC_H_
