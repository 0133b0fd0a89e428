// The PEP 552 .pyc header: magic (4 bytes), flags (uint32 LE), and 8 bytes
// that are the source hash for hash-based pycs or mtime + size otherwise.
#include "pycpack/pyc.h"

#include <cassert>
#include <cstdio>

namespace pycpack {
namespace {

void AppendUint32Le(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) {
    out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
}

uint32_t ReadUint32Le(std::string_view bytes) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) {
    v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  }
  return v;
}

}  // namespace

uint32_t PycFlagsFor(Invalidation invalidation) {
  switch (invalidation) {
    case Invalidation::kUncheckedHash:
      return kPycFlagUncheckedHash;
    case Invalidation::kCheckedHash:
      return kPycFlagCheckedHash;
  }
  return kPycFlagCheckedHash;
}

std::string MakePycHeader(std::string_view magic, Invalidation invalidation,
                          std::string_view source_hash) {
  assert(magic.size() == 4);
  assert(source_hash.size() == 8);
  std::string header;
  header.reserve(kPycHeaderSize);
  header.append(magic);
  AppendUint32Le(&header, PycFlagsFor(invalidation));
  header.append(source_hash);
  return header;
}

Result<PycHeader> ParsePycHeader(std::string_view pyc) {
  if (pyc.size() < kPycHeaderSize) {
    return CompileError("pyc too short: " + std::to_string(pyc.size()) +
                        " bytes, the header alone is " +
                        std::to_string(kPycHeaderSize));
  }
  if (pyc.substr(2, 2) != "\r\n") {
    return CompileError("pyc magic does not end in \\r\\n: not a .pyc file");
  }
  PycHeader header;
  header.magic = std::string(pyc.substr(0, 4));
  header.flags = ReadUint32Le(pyc.substr(4, 4));
  if (header.flags != kPycFlagTimestamp &&
      header.flags != kPycFlagUncheckedHash &&
      header.flags != kPycFlagCheckedHash) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%08x", header.flags);
    return CompileError(std::string("pyc flags ") + buf +
                        " are none of 0 (timestamp), 1 (unchecked hash), "
                        "3 (checked hash)");
  }
  header.source_hash = std::string(pyc.substr(8, 8));
  return header;
}

}  // namespace pycpack
