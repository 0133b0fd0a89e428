// CanonicalizePyc and CanonicalizeMarshal on arbitrary bytes. Besides
// crashes, aborts when the canonical form is not a fixed point:
// canonicalising a canonical pyc (or its marshal part, with the magic of
// its header) must give it back unchanged.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "marshal/canonical.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pycpack;
  std::string_view pyc(reinterpret_cast<const char*>(data), size);
  Result<std::string> canonical = CanonicalizePyc(pyc);
  if (!canonical.ok()) return 0;
  const std::string& once = *canonical;
  Result<std::string> twice = CanonicalizePyc(once);
  if (!twice.ok() || *twice != once) abort();
  const uint16_t magic = static_cast<uint16_t>(data[0] | (data[1] << 8));
  Result<std::string> body = CanonicalizeMarshal(std::string_view(once).substr(16), magic);
  if (!body.ok() || *body != once.substr(16)) abort();
  return 0;
}
