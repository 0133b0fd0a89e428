// The 16-byte header of a .pyc (PEP 552).
#ifndef PYCPACK_INSPECT_PYC_HEADER_H_
#define PYCPACK_INSPECT_PYC_HEADER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "pycpack/status.h"

namespace pycpack::inspect {

inline constexpr size_t kPycHeaderSize = 16;

// How the import system decides whether a pyc is stale (the flags word).
enum class Invalidation {
  kTimestamp,      // flags 0: source mtime and size in bytes 8-15
  kUncheckedHash,  // flags 0b01: source hash, never compared at import
  kCheckedHash,    // flags 0b11: source hash, compared with the source
  kInvalid,        // anything else: importlib rejects the pyc
};

// "timestamp", "unchecked-hash", "checked-hash", "invalid".
const char* InvalidationName(Invalidation mode);

struct PycHeader {
  std::string magic_bytes;  // bytes 0-3
  uint16_t magic = 0;       // bytes 0-1, little endian
  uint32_t flags = 0;
  Invalidation invalidation = Invalidation::kInvalid;
  std::string hash;          // bytes 8-15 (meaningful for hash-based pycs)
  uint32_t mtime = 0;        // bytes 8-11 (timestamp pycs)
  uint32_t source_size = 0;  // bytes 12-15 (timestamp pycs)
};

// Parses the header of |pyc|. Fails if |pyc| is shorter than 16 bytes
// ("truncated header: ...") or its magic does not end in "\r\n" ("bad
// magic: ..."), the checks importlib makes before anything else. An unknown
// magic number or invalid flags are not errors here.
Result<PycHeader> ParsePycHeader(std::string_view pyc);

}  // namespace pycpack::inspect

#endif  // PYCPACK_INSPECT_PYC_HEADER_H_
