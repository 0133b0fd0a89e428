#include "workers/frame.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pycpack {
namespace {

class Writer {
 public:
  void U8(uint8_t v) { out_ += static_cast<char>(v); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_ += static_cast<char>((v >> (8 * i)) & 0xff);
  }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out_ += static_cast<char>((v >> (8 * i)) & 0xff);
  }
  void Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    out_ += s;
  }
  void Diag(const Diagnostic& d) {
    Str(d.kind);
    Str(d.message);
    U32(static_cast<uint32_t>(d.line));
    U32(static_cast<uint32_t>(d.col));
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads fields in order; any read past the end sets failed().
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint64_t Fixed(int bytes) {
    if (in_.size() - pos_ < static_cast<size_t>(bytes)) return Fail();
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) {
      v |= static_cast<uint64_t>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i);
    }
    pos_ += bytes;
    return v;
  }
  std::string Str() {
    uint64_t n = Fixed(4);
    if (failed_ || in_.size() - pos_ < n) return Fail(), std::string();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  Diagnostic Diag() {
    Diagnostic d;
    d.kind = Str();
    d.message = Str();
    d.line = static_cast<int32_t>(Fixed(4));
    d.col = static_cast<int32_t>(Fixed(4));
    return d;
  }
  // Ok when every field was there and nothing is left over.
  Status Done(const char* what) const {
    if (failed_) return InternalError(std::string("truncated ") + what + " frame");
    if (pos_ != in_.size()) return InternalError(std::string("trailing bytes in ") + what + " frame");
    return Status::Ok();
  }

 private:
  uint64_t Fail() {
    failed_ = true;
    pos_ = in_.size();
    return 0;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace

std::string EncodeRequest(uint64_t id, const CompileRequest& r) {
  Writer w;
  w.U64(id);
  w.U8(static_cast<uint8_t>(r.optimize));
  w.U8(r.strip_docstrings ? 1 : 0);
  w.U8(r.invalidation == Invalidation::kCheckedHash ? 1 : 0);
  w.Str(r.dfile);
  w.Str(r.source);
  w.U8(r.hash_source ? 1 : 0);
  if (r.hash_source) w.Str(*r.hash_source);
  return w.Take();
}

Result<std::pair<uint64_t, CompileRequest>> DecodeRequest(std::string_view payload) {
  Reader r(payload);
  uint64_t id = r.Fixed(8);
  CompileRequest req;
  req.optimize = static_cast<int>(r.Fixed(1));
  req.strip_docstrings = r.Fixed(1) != 0;
  req.invalidation = r.Fixed(1) ? Invalidation::kCheckedHash : Invalidation::kUncheckedHash;
  req.dfile = r.Str();
  req.source = r.Str();
  if (r.Fixed(1) != 0) req.hash_source = r.Str();
  PYCPACK_RETURN_IF_ERROR(r.Done("request"));
  return std::make_pair(id, std::move(req));
}

std::string EncodeResult(uint64_t id, const CompileResult& res) {
  Writer w;
  w.U64(id);
  w.U8(res.pyc ? 1 : 0);
  if (res.pyc) {
    w.Str(*res.pyc);
  } else {
    w.Diag(res.error);
  }
  w.U32(static_cast<uint32_t>(res.warnings.size()));
  for (const Diagnostic& d : res.warnings) w.Diag(d);
  return w.Take();
}

Result<std::pair<uint64_t, CompileResult>> DecodeResult(std::string_view payload) {
  Reader r(payload);
  uint64_t id = r.Fixed(8);
  CompileResult res;
  if (r.Fixed(1)) {
    res.pyc = r.Str();
  } else {
    res.error = r.Diag();
  }
  uint64_t n = r.Fixed(4);
  for (uint64_t i = 0; i < n && i < payload.size(); ++i) {
    res.warnings.push_back(r.Diag());
  }
  PYCPACK_RETURN_IF_ERROR(r.Done("result"));
  return std::make_pair(id, std::move(res));
}

Status WriteFrame(int fd, std::string_view payload) {
  std::string frame;
  frame.reserve(4 + payload.size());
  for (int i = 0; i < 4; ++i) {
    frame += static_cast<char>((payload.size() >> (8 * i)) & 0xff);
  }
  frame += payload;
  size_t done = 0;
  while (done < frame.size()) {
    ssize_t n = write(fd, frame.data() + done, frame.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError(std::string("writing to worker pipe: ") + std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

namespace {

// Reads exactly |n| bytes; returns the count read before end of file.
Result<size_t> ReadFull(int fd, char* buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = read(fd, buf + done, n - done);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return IoError(std::string("reading worker pipe: ") + std::strerror(errno));
    if (r == 0) break;
    done += static_cast<size_t>(r);
  }
  return done;
}

}  // namespace

Result<std::optional<std::string>> ReadFrame(int fd) {
  char len_bytes[4];
  Result<size_t> got = ReadFull(fd, len_bytes, 4);
  if (!got.ok()) return got.status();
  if (*got == 0) return std::optional<std::string>();
  if (*got != 4) return IoError("worker pipe closed inside a frame");
  uint32_t len = 0;
  for (int i = 0; i < 4; ++i) {
    len |= static_cast<uint32_t>(static_cast<unsigned char>(len_bytes[i])) << (8 * i);
  }
  if (len > kMaxFrameSize) return IoError("worker frame too large");
  std::string payload(len, '\0');
  got = ReadFull(fd, payload.data(), len);
  if (!got.ok()) return got.status();
  if (*got != len) return IoError("worker pipe closed inside a frame");
  return std::optional<std::string>(std::move(payload));
}

}  // namespace pycpack
