#include "marshal/encoding.h"

#include "marshal/marshal_format.h"
#include "marshal/text.h"

namespace pycpack::marshal {

uint8_t StrTypeCode(std::string_view utf8, bool interned) {
  if (!IsAscii(utf8)) return interned ? kTypeInterned : kTypeUnicode;
  if (utf8.size() < 256) return interned ? kTypeShortAsciiInterned : kTypeShortAscii;
  return interned ? kTypeAsciiInterned : kTypeAscii;
}

void AppendHead(const Node& node, uint8_t flag, std::string* out) {
  out->push_back(static_cast<char>(node.type | flag));
  switch (node.kind) {
    case NodeKind::kInt:
    case NodeKind::kFloat:
    case NodeKind::kComplex:
      *out += node.data;
      return;
    case NodeKind::kBytes:
    case NodeKind::kStr:
      if (node.type == kTypeShortAscii || node.type == kTypeShortAsciiInterned) {
        out->push_back(static_cast<char>(node.data.size()));
      } else {
        PutU32(out, static_cast<uint32_t>(node.data.size()));
      }
      *out += node.data;
      return;
    case NodeKind::kTuple:
    case NodeKind::kSet:
    case NodeKind::kFrozenSet:
      if (node.type == kTypeSmallTuple) {
        out->push_back(static_cast<char>(node.children.size()));
      } else {
        PutU32(out, static_cast<uint32_t>(node.children.size()));
      }
      return;
    default:  // singletons, code objects and slices
      return;
  }
}

}  // namespace pycpack::marshal
