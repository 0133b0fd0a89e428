// The .pyc container (PEP 552): 16-byte header + marshal data.
#ifndef PYCPACK_PYC_H_
#define PYCPACK_PYC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "pycpack/compiler.h"
#include "pycpack/status.h"

namespace pycpack {

inline constexpr size_t kPycHeaderSize = 16;

// Flag word values (bytes 4-7, little endian).
inline constexpr uint32_t kPycFlagTimestamp = 0;
inline constexpr uint32_t kPycFlagUncheckedHash = 0b01;
inline constexpr uint32_t kPycFlagCheckedHash = 0b11;

struct PycHeader {
  std::string magic;  // 4 bytes
  uint32_t flags = 0;
  std::string source_hash;  // 8 bytes; for timestamp pycs: mtime + size
};

uint32_t PycFlagsFor(Invalidation invalidation);

// The 16 header bytes. REQUIRES: magic.size() == 4, source_hash.size() == 8.
std::string MakePycHeader(std::string_view magic, Invalidation invalidation,
                          std::string_view source_hash);

// Splits the header off a .pyc. Fails if shorter than 16 bytes, if the magic
// does not end in "\r\n", or if the flags are not 0, 1 or 3.
Result<PycHeader> ParsePycHeader(std::string_view pyc);

}  // namespace pycpack

#endif  // PYCPACK_PYC_H_
