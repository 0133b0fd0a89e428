#include "marshal/canonical.h"

#include <utility>

#include "marshal/layout.h"
#include "marshal/normalize.h"
#include "marshal/reader.h"
#include "marshal/writer.h"

namespace pycpack {
namespace {

constexpr size_t kHeaderSize = 16;  // PEP 552

Result<std::string> Canonicalize(std::string_view data, uint16_t magic, size_t base_offset) {
  Result<const marshal::CodeLayout*> layout = marshal::CodeLayoutForMagic(magic);
  if (!layout.ok()) return layout.status();
  Result<marshal::ObjectGraph> graph = marshal::ReadMarshal(data, **layout, base_offset);
  if (!graph.ok()) return graph.status();
  marshal::NormalizeGraph(&graph.value());
  return marshal::WriteCanonical(graph.value());
}

}  // namespace

Result<std::string> CanonicalizeMarshal(std::string_view data, uint16_t magic) {
  return Canonicalize(data, magic, 0);
}

Result<std::string> CanonicalizePyc(std::string_view pyc) {
  if (pyc.size() < kHeaderSize) {
    return InternalError("pyc of " + std::to_string(pyc.size()) +
                         " bytes is shorter than its 16-byte header");
  }
  if (pyc[2] != '\r' || pyc[3] != '\n') {
    return InternalError("offset 2: magic number does not end in \\r\\n");
  }
  const uint16_t magic =
      static_cast<uint16_t>(static_cast<uint8_t>(pyc[0]) | (static_cast<uint8_t>(pyc[1]) << 8));
  Result<std::string> body = Canonicalize(pyc.substr(kHeaderSize), magic, kHeaderSize);
  if (!body.ok()) return body.status();
  std::string out(pyc.substr(0, kHeaderSize));
  out += body.value();
  return out;
}

Result<bool> IsCanonicalPyc(std::string_view pyc) {
  Result<std::string> canonical = CanonicalizePyc(pyc);
  if (!canonical.ok()) return canonical.status();
  return canonical.value() == pyc;
}

}  // namespace pycpack
