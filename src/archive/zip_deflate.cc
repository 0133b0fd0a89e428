#include "archive/zip_deflate.h"

#include <libdeflate.h>

#include <optional>
#include <string>

#include "archive/zip_format.h"
#include "util/sha256.h"

namespace pycpack {
namespace {

// A BlobStore value is one tag byte, then the deflated bytes for kDeflated
// (shorter than the data, never empty) or nothing for kStored (deflating
// did not make the data smaller). Anything else is not a value: the entry
// is compressed again and the value replaced.
constexpr char kDeflatedTag = 'D';
constexpr char kStoredTag = 'S';

}  // namespace

std::string ZipIdentity(std::initializer_list<std::string_view> fields) {
  std::string id;
  for (std::string_view f : fields) (id += f) += '\0';
  return id;
}

std::string ZipBlobKey(std::string_view data) {
  static const std::string kIdentity =
      ZipIdentity({"pycpack-zip-entry-1", "libdeflate", LIBDEFLATE_VERSION_STRING,
                   std::to_string(kZipLevel)});
  Sha256 sha;
  sha.Update(kIdentity);
  sha.Update(data);
  return sha.HexDigest();
}

ZipDeflater::ZipDeflater(BlobStore* blobs)
    : blobs_(blobs), compressor_(libdeflate_alloc_compressor(kZipLevel)) {}

ZipDeflater::~ZipDeflater() { libdeflate_free_compressor(compressor_); }

Result<bool> ZipDeflater::Deflate(std::string_view data) {
  if (compressor_ == nullptr) return InternalError("libdeflate: out of memory");
  // out_ is laid out as a BlobStore value: the tag, then the deflated
  // bytes. The buffer has libdeflate's bound, so the comparison with the
  // data's size is exact.
  const size_t bound = libdeflate_deflate_compress_bound(compressor_, data.size());
  out_.resize(1 + bound);
  out_[0] = kDeflatedTag;
  size_t n = libdeflate_deflate_compress(compressor_, data.data(), data.size(),
                                         out_.data() + 1, bound);
  if (n == 0) return InternalError("libdeflate: deflate failed");
  ++compressed_;
  out_.resize(1 + n);
  return n < data.size();
}

Result<ZipPayload> ZipDeflater::Prepare(std::string_view data) {
  ZipPayload p;
  p.crc32 = static_cast<uint32_t>(libdeflate_crc32(0, data.data(), data.size()));
  p.method = kZipStored;
  p.data = data;
  if (data.empty()) return p;  // nothing to deflate
  const bool reuse = blobs_ != nullptr && data.size() >= kZipReuseMin;
  std::string key;
  if (reuse) {
    key = ZipBlobKey(data);
    if (std::optional<std::string> hit = blobs_->Get(key)) {
      if (*hit == std::string_view(&kStoredTag, 1)) {
        ++reused_;
        return p;
      }
      if (hit->size() > 1 && hit->size() <= data.size() &&
          (*hit)[0] == kDeflatedTag) {
        ++reused_;
        out_ = std::move(*hit);
        p.method = kZipDeflated;
        p.data = std::string_view(out_).substr(1);
        return p;
      }
    }
  }
  Result<bool> smaller = Deflate(data);
  if (!smaller.ok()) return smaller.status();
  if (*smaller) {
    p.method = kZipDeflated;
    p.data = std::string_view(out_).substr(1);
  }
  if (reuse) {
    blobs_->Put(key, *smaller ? std::string_view(out_)
                              : std::string_view(&kStoredTag, 1));
  }
  return p;
}

}  // namespace pycpack
