// The PEP 552 .pyc header (include/pycpack/pyc.h).
#include <cassert>

#include "marshal/marshal_format.h"
#include "pycpack/pyc.h"
#include "util/hex.h"

namespace pycpack {

const char* InvalidationName(Invalidation mode) {
  switch (mode) {
    case Invalidation::kTimestamp: return "timestamp";
    case Invalidation::kUncheckedHash: return "unchecked-hash";
    case Invalidation::kCheckedHash: return "checked-hash";
    case Invalidation::kInvalid: break;
  }
  return "invalid";
}

uint32_t PycFlagsFor(Invalidation invalidation) {
  assert(invalidation == Invalidation::kUncheckedHash ||
         invalidation == Invalidation::kCheckedHash);
  return invalidation == Invalidation::kUncheckedHash ? kPycFlagUncheckedHash
                                                      : kPycFlagCheckedHash;
}

std::string MakePycHeader(std::string_view magic, Invalidation invalidation,
                          std::string_view source_hash) {
  assert(magic.size() == 4);
  assert(source_hash.size() == 8);
  std::string header;
  header.reserve(kPycHeaderSize);
  header.append(magic);
  marshal::PutU32(&header, PycFlagsFor(invalidation));
  header.append(source_hash);
  return header;
}

Result<PycHeader> ParsePycHeader(std::string_view pyc) {
  if (pyc.size() < kPycHeaderSize) {
    return InternalError("truncated header: " + std::to_string(pyc.size()) +
                         " bytes, a pyc header has 16");
  }
  if (pyc[2] != '\r' || pyc[3] != '\n') {
    return InternalError("bad magic: " + HexEncode(pyc.substr(0, 4)) +
                         " does not end in \\r\\n");
  }
  PycHeader h;
  h.magic_bytes = std::string(pyc.substr(0, 4));
  h.magic = static_cast<uint16_t>(static_cast<uint8_t>(pyc[0]) |
                                  (static_cast<uint8_t>(pyc[1]) << 8));
  h.flags = marshal::GetU32(pyc.data() + 4);
  switch (h.flags) {
    case kPycFlagTimestamp: h.invalidation = Invalidation::kTimestamp; break;
    case kPycFlagUncheckedHash: h.invalidation = Invalidation::kUncheckedHash; break;
    case kPycFlagCheckedHash: h.invalidation = Invalidation::kCheckedHash; break;
    default: h.invalidation = Invalidation::kInvalid; break;
  }
  h.source_hash = std::string(pyc.substr(8, 8));
  h.mtime = marshal::GetU32(pyc.data() + 8);
  h.source_size = marshal::GetU32(pyc.data() + 12);
  return h;
}

}  // namespace pycpack
