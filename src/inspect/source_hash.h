// The source hash of PEP 552 hash-based pycs, computed as CPython does
// (Python/import.c _imp_source_hash, Python/pyhash.c _Py_KeyedHash).
#ifndef PYCPACK_INSPECT_SOURCE_HASH_H_
#define PYCPACK_INSPECT_SOURCE_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "marshal/layout.h"
#include "pycpack/status.h"

namespace pycpack::inspect {

// SipHash-|c_rounds|-|d_rounds| of |data| with the 128-bit key k0 = |key|,
// k1 = 0, as the 8 bytes of the 64-bit result in little-endian order.
// Fails only if OpenSSL cannot provide SipHash.
Result<std::string> KeyedHash(uint64_t key, int c_rounds, int d_rounds,
                              std::string_view data);

// What a pyc written by the CPython of |layout| stores in bytes 8-15 for
// |source|: importlib's _imp.source_hash(_RAW_MAGIC_NUMBER, source), whose
// key is the pyc's 4 magic bytes read as a little-endian uint32.
// REQUIRES: magic.size() == 4.
Result<std::string> PycSourceHash(std::string_view magic,
                                  const marshal::CodeLayout& layout,
                                  std::string_view source);

}  // namespace pycpack::inspect

#endif  // PYCPACK_INSPECT_SOURCE_HASH_H_
