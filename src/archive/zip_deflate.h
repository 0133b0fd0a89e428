// The data of a zip entry held in memory, as it goes into the file: deflated
// by libdeflate at kZipLevel, or stored when deflating does not make it
// smaller. The choice depends only on the bytes.
//
// With a BlobStore, the outcome for data of at least kZipReuseMin bytes is
// kept under a key covering the codec, its version, the level and the data,
// and taken from the store next time instead of compressing again: a
// rebuild after touching one file compresses one entry. The bytes are the
// same with or without a store.
#ifndef PYCPACK_ARCHIVE_ZIP_DEFLATE_H_
#define PYCPACK_ARCHIVE_ZIP_DEFLATE_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "pycpack/archive.h"
#include "pycpack/status.h"

struct libdeflate_compressor;

namespace pycpack {

// The deflate level of every zip entry (libdeflate's for held data, zlib's
// for streamed data). Part of the output's identity.
inline constexpr int kZipLevel = 6;

// Smallest data whose outcome goes to the BlobStore. Below it a store
// round trip (a key over the data, a read and its checksum) costs about
// what libdeflate takes to compress it, and every stored value is one more
// cache entry (measured in docs/architecture.md, "Deterministic archives").
inline constexpr size_t kZipReuseMin = 1024;

// One entry's data as written after its local header.
struct ZipPayload {
  uint16_t method = 0;    // kZipStored or kZipDeflated
  uint32_t crc32 = 0;     // of the uncompressed data
  std::string_view data;  // the entry's own data (stored) or the deflated
                          // bytes, valid until the next Prepare call
};

class ZipDeflater {
 public:
  // |blobs| may be null; it must outlive the deflater.
  explicit ZipDeflater(BlobStore* blobs);
  ~ZipDeflater();
  ZipDeflater(const ZipDeflater&) = delete;
  ZipDeflater& operator=(const ZipDeflater&) = delete;

  // The payload for |data|. REQUIRES: |data| stays valid while the result
  // is used.
  Result<ZipPayload> Prepare(std::string_view data);

  // Entries deflated here, and outcomes taken from the BlobStore.
  size_t compressed() const { return compressed_; }
  size_t reused() const { return reused_; }

 private:
  // Deflates non-empty |data| into out_ (after a tag byte); false if the
  // result would not be smaller than |data|.
  Result<bool> Deflate(std::string_view data);

  BlobStore* blobs_;
  libdeflate_compressor* compressor_;
  std::string out_;
  size_t compressed_ = 0, reused_ = 0;
};

// |fields| each ended by a NUL: everything besides the data that decides
// an outcome (format, library, its version, level), as the identities of
// member_codec.h, so that an outcome stored by another library version or
// at another level never matches.
std::string ZipIdentity(std::initializer_list<std::string_view> fields);

// The BlobStore key of the outcome for held |data|: SHA-256 over
// ZipIdentity("pycpack-zip-entry-1", "libdeflate", its version, kZipLevel)
// and |data|.
std::string ZipBlobKey(std::string_view data);

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_ZIP_DEFLATE_H_
