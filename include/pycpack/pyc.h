// The .pyc container (PEP 552): a 16-byte header, then marshal data. The one
// place pycpack writes and reads pyc headers (the compilers, inspect, the
// tests).
#ifndef PYCPACK_PYC_H_
#define PYCPACK_PYC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "pycpack/status.h"

namespace pycpack {

inline constexpr size_t kPycHeaderSize = 16;

// Flag word values (bytes 4-7, little endian).
inline constexpr uint32_t kPycFlagTimestamp = 0;
inline constexpr uint32_t kPycFlagUncheckedHash = 0b01;
inline constexpr uint32_t kPycFlagCheckedHash = 0b11;

// How the import system decides whether a pyc is stale (the flag word).
// pycpack writes only the two hash-based modes; it reads all four.
enum class Invalidation : uint8_t {
  kUncheckedHash,  // flags 0b01: source hash, never compared at import
  kCheckedHash,    // flags 0b11: source hash, compared with the source
  kTimestamp,      // flags 0: source mtime and size in bytes 8-15
  kInvalid,        // any other flags: importlib rejects the pyc
};

// "unchecked-hash", "checked-hash", "timestamp", "invalid".
const char* InvalidationName(Invalidation mode);

struct PycHeader {
  std::string magic_bytes;  // bytes 0-3
  uint16_t magic = 0;       // bytes 0-1, little endian
  uint32_t flags = 0;
  Invalidation invalidation = Invalidation::kInvalid;
  std::string source_hash;   // bytes 8-15 (the source hash of hash-based pycs)
  uint32_t mtime = 0;        // bytes 8-11 (timestamp pycs)
  uint32_t source_size = 0;  // bytes 12-15 (timestamp pycs)
};

// The flag word for a mode pycpack writes.
// REQUIRES: kUncheckedHash or kCheckedHash.
uint32_t PycFlagsFor(Invalidation invalidation);

// The 16 header bytes. REQUIRES: magic.size() == 4, source_hash.size() == 8,
// a hash-based |invalidation|.
std::string MakePycHeader(std::string_view magic, Invalidation invalidation,
                          std::string_view source_hash);

// Parses the header of |pyc|. Fails if |pyc| is shorter than 16 bytes
// ("truncated header: ...") or its magic does not end in "\r\n" ("bad
// magic: ..."), the checks importlib makes before anything else. An unknown
// magic number is not an error here, nor are flags other than 0, 1 and 3
// (invalidation is then kInvalid, for the caller to judge).
Result<PycHeader> ParsePycHeader(std::string_view pyc);

}  // namespace pycpack

#endif  // PYCPACK_PYC_H_
