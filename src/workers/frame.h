// The compile-worker protocol: pycpack sends CompileRequests to worker
// processes and reads CompileResults back over pipes.
//
// Every message is a frame: a 4-byte little-endian payload length, then the
// payload. Integers in payloads are little endian; strings are a u32 length
// then the bytes.
//
//   request  = u64 id, u8 optimize, u8 strip_docstrings,
//              u8 invalidation (0 unchecked, 1 checked), str dfile, str source,
//              u8 has_hash_source, [str hash_source]
//   result   = u64 id, u8 has_pyc, (str pyc | diag error),
//              u32 n, n * diag warnings
//   diag     = str kind, str message, i32 line, i32 col
//
// The same framing is simple to speak from a Python worker script, which is
// how interpreters other than the embedded one will take part.
#ifndef PYCPACK_WORKERS_FRAME_H_
#define PYCPACK_WORKERS_FRAME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "pycpack/compiler.h"
#include "pycpack/status.h"

namespace pycpack {

// Frames larger than this are refused (a source file of 1 GiB is no source).
inline constexpr uint32_t kMaxFrameSize = 1u << 30;

std::string EncodeRequest(uint64_t id, const CompileRequest& request);
Result<std::pair<uint64_t, CompileRequest>> DecodeRequest(std::string_view payload);

std::string EncodeResult(uint64_t id, const CompileResult& result);
Result<std::pair<uint64_t, CompileResult>> DecodeResult(std::string_view payload);

// Writes one frame holding |payload| to |fd| (blocking, retrying on EINTR).
Status WriteFrame(int fd, std::string_view payload);

// Reads one frame from |fd| (blocking). Returns nullopt on end of file
// before the first byte of a frame; a frame cut short is an error.
Result<std::optional<std::string>> ReadFrame(int fd);

}  // namespace pycpack

#endif  // PYCPACK_WORKERS_FRAME_H_
