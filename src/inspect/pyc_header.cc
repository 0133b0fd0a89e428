#include "inspect/pyc_header.h"

#include "marshal/marshal_format.h"
#include "util/hex.h"

namespace pycpack::inspect {

const char* InvalidationName(Invalidation mode) {
  switch (mode) {
    case Invalidation::kTimestamp: return "timestamp";
    case Invalidation::kUncheckedHash: return "unchecked-hash";
    case Invalidation::kCheckedHash: return "checked-hash";
    case Invalidation::kInvalid: break;
  }
  return "invalid";
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
    case 0: h.invalidation = Invalidation::kTimestamp; break;
    case 1: h.invalidation = Invalidation::kUncheckedHash; break;
    case 3: h.invalidation = Invalidation::kCheckedHash; break;
    default: h.invalidation = Invalidation::kInvalid; break;
  }
  h.hash = std::string(pyc.substr(8, 8));
  h.mtime = marshal::GetU32(pyc.data() + 8);
  h.source_size = marshal::GetU32(pyc.data() + 12);
  return h;
}

}  // namespace pycpack::inspect
