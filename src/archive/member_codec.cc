#include "archive/member_codec.h"

#include <libdeflate.h>
#include <zstd.h>

#include <initializer_list>

namespace pycpack {
namespace {

// The fields of an identity, each ended by a NUL.
std::string Identity(std::initializer_list<std::string> fields) {
  std::string id;
  for (const std::string& f : fields) (id += f) += '\0';
  return id;
}

class GzipCodec : public MemberCodec {
 public:
  GzipCodec()
      // The version is libdeflate's header's: libdeflate has no call that
      // names the library actually loaded.
      : identity_(Identity({"pycpack-gzip-member-2", "libdeflate",
                            LIBDEFLATE_VERSION_STRING, std::to_string(kGzipLevel)})),
        compressor_(libdeflate_alloc_compressor(kGzipLevel)) {}
  ~GzipCodec() override { libdeflate_free_compressor(compressor_); }

  const std::string& identity() const override { return identity_; }

  Result<std::string_view> Compress(std::string_view data) override {
    if (compressor_ == nullptr) return InternalError("libdeflate: out of memory");
    size_t bound = libdeflate_gzip_compress_bound(compressor_, data.size());
    out_.resize(bound);
    size_t n = libdeflate_gzip_compress(compressor_, data.data(), data.size(),
                                        out_.data(), bound);
    if (n == 0) return InternalError("libdeflate: gzip compression failed");
    out_[9] = 3;  // OS: Unix, as gzip writes it (libdeflate says "unknown")
    return std::string_view(out_.data(), n);
  }

 private:
  const std::string identity_;
  libdeflate_compressor* compressor_;
  std::string out_;
};

class ZstdCodec : public MemberCodec {
 public:
  ZstdCodec()
      // The version of the library loaded, which decides the bytes.
      : identity_(Identity({"pycpack-zstd-frame-1", "libzstd", ZSTD_versionString(),
                            std::to_string(kZstdLevel)})),
        cctx_(ZSTD_createCCtx()) {}
  ~ZstdCodec() override { ZSTD_freeCCtx(cctx_); }

  const std::string& identity() const override { return identity_; }

  Result<std::string_view> Compress(std::string_view data) override {
    if (cctx_ == nullptr) return InternalError("zstd: out of memory");
    out_.resize(ZSTD_compressBound(data.size()));
    // ZSTD_compressCCtx sets every parameter from the level (and the input's
    // size): nothing left over from an earlier frame changes the bytes.
    size_t n = ZSTD_compressCCtx(cctx_, out_.data(), out_.size(), data.data(),
                                 data.size(), kZstdLevel);
    if (ZSTD_isError(n)) {
      return InternalError(std::string("zstd: compression failed: ") +
                           ZSTD_getErrorName(n));
    }
    return std::string_view(out_.data(), n);
  }

 private:
  const std::string identity_;
  ZSTD_CCtx* cctx_;
  std::string out_;
};

}  // namespace

std::unique_ptr<MemberCodec> NewGzipCodec() { return std::make_unique<GzipCodec>(); }
std::unique_ptr<MemberCodec> NewZstdCodec() { return std::make_unique<ZstdCodec>(); }

}  // namespace pycpack
