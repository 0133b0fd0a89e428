#include "archive/zip_stream.h"

#include <libdeflate.h>
#include <zlib.h>

#include <memory>
#include <optional>
#include <string_view>

#include "archive/streamed_content.h"
#include "archive/zip_deflate.h"
#include "archive/zip_format.h"
#include "util/sha256.h"

namespace pycpack {
namespace {

// Room for zlib's output between two appends to the spool.
constexpr size_t kDeflateOut = 256u << 10;

// The BlobStore value saying "stored": the file's deflated form was not
// smaller than the file.
constexpr std::string_view kStoredValue = "S";

Status Changed(const std::string& path, std::string_view what) {
  return IoError("cannot read '" + path + "': it changed during the build (" +
                 std::string(what) + ")");
}

uint32_t Crc(uint32_t crc, std::string_view piece) {
  return static_cast<uint32_t>(libdeflate_crc32(crc, piece.data(), piece.size()));
}

// The BlobStore key of a streamed file, and its CRC, in one reading.
Status KeyAndCrc(const StreamedContent& c, std::string* key, uint32_t* crc) {
  // zlib's version as loaded, not as compiled against: it decides the bytes.
  static const std::string kIdentity = ZipIdentity(
      {"pycpack-zip-stream-1", "zlib", zlibVersion(), std::to_string(kZipLevel)});
  Sha256 sha;
  sha.Update(kIdentity);
  *crc = 0;
  PYCPACK_RETURN_IF_ERROR(ReadStreamed(c, [&](std::string_view piece) {
    sha.Update(piece);
    *crc = Crc(*crc, piece);
    return Status::Ok();
  }));
  *key = sha.HexDigest();
  return Status::Ok();
}

// zlib's raw deflate (no zlib header; window and memory as gzip and zip
// use them), ended on destruction.
class RawDeflateStream {
 public:
  RawDeflateStream() {
    ok_ = deflateInit2(&zs_, kZipLevel, Z_DEFLATED, -MAX_WBITS, 8,
                       Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~RawDeflateStream() {
    if (ok_) deflateEnd(&zs_);
  }
  RawDeflateStream(const RawDeflateStream&) = delete;
  RawDeflateStream& operator=(const RawDeflateStream&) = delete;

  // Deflates |in| (all of it; with |finish|, the end of the stream too),
  // appending the output to |out|; |*written| grows by its size.
  Status Write(std::string_view in, bool finish, WritableFile* out,
               uint64_t* written) {
    if (!ok_) return InternalError("zlib: cannot start deflate");
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs_.avail_in = static_cast<uInt>(in.size());
    const int flush = finish ? Z_FINISH : Z_NO_FLUSH;
    for (;;) {
      zs_.next_out = reinterpret_cast<Bytef*>(buf_);
      zs_.avail_out = sizeof buf_;
      int rc = deflate(&zs_, flush);
      if (rc == Z_STREAM_ERROR) return InternalError("zlib: deflate failed");
      const size_t n = sizeof buf_ - zs_.avail_out;
      if (n > 0) PYCPACK_RETURN_IF_ERROR(out->Append(std::string_view(buf_, n)));
      *written += n;
      if (finish ? rc == Z_STREAM_END : zs_.avail_out != 0) return Status::Ok();
    }
  }

 private:
  z_stream zs_{};
  bool ok_ = false;
  char buf_[kDeflateOut];
};

// Deflates |c| into the spool; the CRC of what was read and the deflated
// size go to |*crc| and |*deflated_size|.
Status DeflateToSpool(const StreamedContent& c, ZipSpool* spool, uint32_t* crc,
                      uint64_t* deflated_size) {
  Result<std::unique_ptr<WritableFile>> file =
      spool->fs()->NewWritableFile(spool->path(), 0600);
  if (!file.ok()) return file.status();
  auto stream = std::make_unique<RawDeflateStream>();  // 256 KiB: not on the stack
  *crc = 0;
  *deflated_size = 0;
  PYCPACK_RETURN_IF_ERROR(ReadStreamed(c, [&](std::string_view piece) {
    *crc = Crc(*crc, piece);
    return stream->Write(piece, false, file->get(), deflated_size);
  }));
  PYCPACK_RETURN_IF_ERROR(stream->Write({}, true, file->get(), deflated_size));
  return (*file)->Close();
}

}  // namespace

Result<ZipStreamPlan> PlanStreamedEntry(const StreamedContent& c,
                                        BlobStore* blobs, ZipSpool* spool,
                                        size_t* deflated, size_t* reused) {
  ZipStreamPlan plan;
  plan.method = kZipStored;
  plan.compressed_size = c.size;
  if (c.size == 0) {
    PYCPACK_RETURN_IF_ERROR(ReadStreamed(c, [](std::string_view) {
      return Status::Ok();
    }));
    return plan;
  }
  std::string key;
  std::optional<uint32_t> first_crc;
  if (blobs != nullptr) {
    uint32_t crc;
    PYCPACK_RETURN_IF_ERROR(KeyAndCrc(c, &key, &crc));
    first_crc = crc;
    std::optional<std::string> hit = blobs->Get(key);
    if (hit && *hit == kStoredValue) {
      ++*reused;
      plan.crc32 = crc;
      return plan;
    }
  }
  uint64_t deflated_size;
  PYCPACK_RETURN_IF_ERROR(DeflateToSpool(c, spool, &plan.crc32, &deflated_size));
  ++*deflated;
  if (first_crc && *first_crc != plan.crc32) return Changed(c.path, "its CRC-32");
  if (deflated_size < c.size) {
    plan.method = kZipDeflated;
    plan.compressed_size = deflated_size;
  } else if (blobs != nullptr) {
    blobs->Put(key, kStoredValue);
  }
  return plan;
}

Status CopyStreamedEntry(const StreamedContent& c, const ZipStreamPlan& plan,
                         ZipSpool* spool, WritableFile* out) {
  auto append = [out](std::string_view piece) { return out->Append(piece); };
  if (plan.method == kZipDeflated) {
    const StreamedContent spooled{spool->fs(), spool->path(), plan.compressed_size};
    return ReadStreamed(spooled, append);
  }
  uint32_t crc = 0;
  PYCPACK_RETURN_IF_ERROR(ReadStreamed(c, [&](std::string_view piece) {
    crc = Crc(crc, piece);
    return out->Append(piece);
  }));
  if (crc != plan.crc32) return Changed(c.path, "its CRC-32");
  return Status::Ok();
}

}  // namespace pycpack
