#include "marshal/reader.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "marshal/code_fields.h"
#include "marshal/marshal_format.h"
#include "marshal/scalars.h"
#include "marshal/text.h"

namespace pycpack::marshal {
namespace {

constexpr NodeId kPending = UINT32_MAX;     // ref slot of an object being read
constexpr size_t kMaxRefs = 0x7ffffffe;     // CPython's limit on the ref list

std::string HexByte(uint8_t b) {
  static const char kHex[] = "0123456789abcdef";
  return std::string("0x") + kHex[b >> 4] + kHex[b & 15];
}

void SetInt(ScalarEncoding e, Node* node) {
  node->kind = NodeKind::kInt;
  node->type = e.type;
  node->data = std::move(e.body);
}

class Reader {
 public:
  Reader(std::string_view data, const CodeLayout& layout, size_t base)
      : data_(data), layout_(layout), base_(base) {}

  Result<ObjectGraph> Run();

 private:
  Status Error(size_t pos, const std::string& msg) const {
    return InternalError("offset " + std::to_string(base_ + pos) + ": " + msg);
  }
  // Fails unless |n| more bytes are available for |what|.
  Status Need(uint64_t n, const char* what) const {
    if (n <= data_.size() - pos_) [[likely]] return Status::Ok();
    return Truncated(n, what);
  }
  [[gnu::noinline, gnu::cold]] Status Truncated(uint64_t n, const char* what) const {
    return Error(pos_, std::string("truncated ") + what + ": needs " + std::to_string(n) +
                           " bytes, " + std::to_string(data_.size() - pos_) + " left");
  }
  uint8_t Byte() { return static_cast<uint8_t>(data_[pos_++]); }
  int32_t Int32() {
    const uint32_t v = GetU32(data_.data() + pos_);
    pos_ += 4;
    return static_cast<int32_t>(v);
  }
  std::string_view Take(size_t n) {
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  Result<size_t> ReadSize(bool one_byte, const char* what);

  Status ReadObject(int depth, NodeId* out);
  Status ReadRef(size_t start, NodeId* out);
  Status ReadBody(uint8_t type, size_t start, int depth, Node* node);
  Status ReadNumber(uint8_t type, Node* node);
  Status ReadLong(Node* node);
  Status ReadFloatText(std::string* out);
  Status ReadStr(uint8_t type, Node* node);
  Status ReadItems(uint8_t type, int depth, Node* node);
  Status ReadSlice(size_t start, int depth, Node* node);
  Status ReadCode(int depth, Node* node);

  NodeId Add(Node node) {
    graph_.nodes.push_back(std::move(node));
    return static_cast<NodeId>(graph_.nodes.size() - 1);
  }

  std::string_view data_;
  const CodeLayout& layout_;
  size_t base_;
  size_t pos_ = 0;
  ObjectGraph graph_;
  std::vector<NodeId> refs_;  // the reader's ref list, by index
  CodeFieldChecker fields_{&graph_};
};

Result<ObjectGraph> Reader::Run() {
  if (data_.size() > INT32_MAX) {  // keeps node ids and ref indexes in range
    return Error(0, "marshal data of " + std::to_string(data_.size()) + " bytes is over 2 GiB");
  }
  graph_.nodes.reserve(data_.size() / 6 + 8);  // about one node per 6 bytes
  refs_.reserve(data_.size() / 24 + 8);
  const uint8_t singletons[] = {kTypeNone, kTypeFalse, kTypeTrue, kTypeEllipsis, kTypeStopIter};
  for (uint8_t i = 0; i < 5; ++i) {
    Node n;
    n.kind = static_cast<NodeKind>(i);
    n.type = singletons[i];
    Add(std::move(n));
  }
  NodeId root = 0;
  PYCPACK_RETURN_IF_ERROR(ReadObject(0, &root));
  if (pos_ != data_.size()) {
    return Error(pos_, std::to_string(data_.size() - pos_) + " trailing bytes after the object");
  }
  graph_.root = root;
  graph_.layout = &layout_;
  return std::move(graph_);
}

Result<size_t> Reader::ReadSize(bool one_byte, const char* what) {
  PYCPACK_RETURN_IF_ERROR(Need(one_byte ? 1 : 4, what));
  if (one_byte) return static_cast<size_t>(Byte());
  const int32_t n = Int32();
  if (n < 0) return Error(pos_ - 4, std::string("negative ") + what + " " + std::to_string(n));
  return static_cast<size_t>(n);
}

Status Reader::ReadObject(int depth, NodeId* out) {
  const size_t start = pos_;
  if (depth >= kMaxNesting) {
    return Error(start, "objects nested deeper than " + std::to_string(kMaxNesting) + " levels");
  }
  PYCPACK_RETURN_IF_ERROR(Need(1, "data: an object was expected"));
  const uint8_t code = Byte();
  const uint8_t type = code & ~kFlagRef;
  switch (type) {  // CPython ignores FLAG_REF on these and on TYPE_REF
    case kTypeNone: *out = kNoneId; return Status::Ok();
    case kTypeFalse: *out = kFalseId; return Status::Ok();
    case kTypeTrue: *out = kTrueId; return Status::Ok();
    case kTypeEllipsis: *out = kEllipsisId; return Status::Ok();
    case kTypeStopIter: *out = kStopIterationId; return Status::Ok();
    case kTypeRef: return ReadRef(start, out);
    default: break;
  }
  size_t slot = SIZE_MAX;
  if (code & kFlagRef) {
    if (refs_.size() >= kMaxRefs) return Error(start, "too many referenced objects");
    slot = refs_.size();
    refs_.push_back(kPending);
  }
  Node node;
  PYCPACK_RETURN_IF_ERROR(ReadBody(type, start, depth, &node));
  for (NodeId c : node.children) node.height = std::max(node.height, graph_.nodes[c].height + 1);
  if (node.height > kMaxNesting) {
    return Error(start, "object graph nested deeper than " + std::to_string(kMaxNesting) +
                            " levels (counting through references)");
  }
  *out = Add(std::move(node));
  if (slot != SIZE_MAX) refs_[slot] = *out;
  return Status::Ok();
}

Status Reader::ReadRef(size_t start, NodeId* out) {
  PYCPACK_RETURN_IF_ERROR(Need(4, "reference"));
  const int32_t n = Int32();
  if (n < 0 || static_cast<size_t>(n) >= refs_.size()) {
    return Error(start, "invalid reference " + std::to_string(n) + " (" +
                            std::to_string(refs_.size()) + " objects flagged so far)");
  }
  if (refs_[n] == kPending) {
    return Error(start, "reference " + std::to_string(n) +
                            " to an object that is still being read (cyclic data)");
  }
  *out = refs_[n];
  return Status::Ok();
}

Status Reader::ReadBody(uint8_t type, size_t start, int depth, Node* node) {
  node->type = type;
  switch (type) {
    case kTypeInt: case kTypeInt64: case kTypeLong:
    case kTypeBinaryFloat: case kTypeFloat:
    case kTypeBinaryComplex: case kTypeComplex:
      return ReadNumber(type, node);
    case kTypeString: {
      Result<size_t> n = ReadSize(false, "bytes size");
      if (!n.ok()) return n.status();
      PYCPACK_RETURN_IF_ERROR(Need(*n, "bytes"));
      node->kind = NodeKind::kBytes;
      node->data = std::string(Take(*n));
      return Status::Ok();
    }
    case kTypeShortAscii: case kTypeShortAsciiInterned:
    case kTypeAscii: case kTypeAsciiInterned:
    case kTypeUnicode: case kTypeInterned:
      return ReadStr(type, node);
    case kTypeTuple: case kTypeSmallTuple:
    case kTypeSet: case kTypeFrozenSet:
      return ReadItems(type, depth, node);
    case kTypeCode:
      return ReadCode(depth, node);
    case kTypeNull:
      return Error(start, "NULL object (type code '0')");
    case kTypeList: case kTypeDict:
      return Error(start, std::string("unsupported type: ") + (type == kTypeList ? "list" : "dict") +
                              " (never found in code objects)");
    case kTypeSlice:
      return ReadSlice(start, depth, node);
    case kTypeFrozenDict:
      return Error(start, "unsupported type: frozendict (marshal version 6, Python 3.15+; "
                          "never found in code objects)");
    default:
      return Error(start, "unknown type code " + HexByte(type));
  }
}

Status Reader::ReadNumber(uint8_t type, Node* node) {
  switch (type) {
    case kTypeInt:
    case kTypeInt64: {
      PYCPACK_RETURN_IF_ERROR(Need(type == kTypeInt ? 4 : 8, "int"));
      const uint32_t low = static_cast<uint32_t>(Int32());
      int64_t v = static_cast<int32_t>(low);
      if (type == kTypeInt64) {
        v = static_cast<int64_t>((static_cast<uint64_t>(static_cast<uint32_t>(Int32())) << 32) | low);
      }
      SetInt(CanonicalInt(v), node);
      return Status::Ok();
    }
    case kTypeLong:
      return ReadLong(node);
    case kTypeBinaryFloat:
    case kTypeBinaryComplex: {
      const bool complex = type == kTypeBinaryComplex;
      PYCPACK_RETURN_IF_ERROR(Need(complex ? 16 : 8, complex ? "complex" : "float"));
      node->kind = complex ? NodeKind::kComplex : NodeKind::kFloat;
      node->data = std::string(Take(complex ? 16 : 8));
      return Status::Ok();
    }
    default: {  // the text forms, TYPE_FLOAT and TYPE_COMPLEX
      const bool complex = type == kTypeComplex;
      node->kind = complex ? NodeKind::kComplex : NodeKind::kFloat;
      node->type = complex ? kTypeBinaryComplex : kTypeBinaryFloat;
      PYCPACK_RETURN_IF_ERROR(ReadFloatText(&node->data));
      if (complex) PYCPACK_RETURN_IF_ERROR(ReadFloatText(&node->data));
      return Status::Ok();
    }
  }
}

Status Reader::ReadLong(Node* node) {
  PYCPACK_RETURN_IF_ERROR(Need(4, "int size"));
  const size_t size_pos = pos_;
  const int32_t n = Int32();
  if (n == INT32_MIN) return Error(size_pos, "int size out of range");
  const size_t count = static_cast<size_t>(n < 0 ? -static_cast<int64_t>(n) : n);
  PYCPACK_RETURN_IF_ERROR(Need(2 * static_cast<uint64_t>(count), "int digits"));
  std::vector<uint16_t> digits(count);
  for (size_t i = 0; i < count; ++i) {
    digits[i] = static_cast<uint16_t>(Byte() | (Byte() << 8));
    if (digits[i] >= 0x8000) return Error(pos_ - 2, "int digit out of range");
  }
  if (count > 0 && digits.back() == 0) return Error(pos_ - 2, "unnormalized int (top digit is 0)");
  SetInt(count == 0 ? CanonicalInt(0) : CanonicalLong(n < 0, digits), node);
  return Status::Ok();
}

Status Reader::ReadFloatText(std::string* out) {
  Result<size_t> n = ReadSize(true, "float text size");
  if (!n.ok()) return n.status();
  PYCPACK_RETURN_IF_ERROR(Need(*n, "float text"));
  const size_t text_pos = pos_;
  double v = 0;
  if (!ParseFloatText(Take(*n), &v)) return Error(text_pos, "float text is not a number");
  AppendBinaryDouble(v, out);
  return Status::Ok();
}

Status Reader::ReadStr(uint8_t type, Node* node) {
  const bool one_byte = type == kTypeShortAscii || type == kTypeShortAsciiInterned;
  Result<size_t> n = ReadSize(one_byte, "str size");
  if (!n.ok()) return n.status();
  PYCPACK_RETURN_IF_ERROR(Need(*n, "str"));
  const size_t text_pos = pos_;
  std::string_view text = Take(*n);
  node->kind = NodeKind::kStr;
  if (type == kTypeUnicode || type == kTypeInterned) {
    size_t bad = 0;
    if (!IsUtf8Surrogatepass(text, &bad)) return Error(text_pos + bad, "invalid UTF-8 in str");
    node->data = std::string(text);
  } else {
    node->data = IsAscii(text) ? std::string(text) : Latin1ToUtf8(text);
    if (node->data.size() > INT32_MAX) return Error(text_pos, "str too long once encoded as UTF-8");
  }
  return Status::Ok();
}

Status Reader::ReadItems(uint8_t type, int depth, Node* node) {
  const bool small = type == kTypeSmallTuple;
  const bool tuple = small || type == kTypeTuple;
  const char* what = tuple ? "tuple size" : "set size";
  Result<size_t> n = ReadSize(small, what);
  if (!n.ok()) return n.status();
  if (*n > data_.size() - pos_) {  // every item takes at least one byte
    return Error(pos_, "truncated data: " + std::to_string(*n) + " items cannot fit in " +
                           std::to_string(data_.size() - pos_) + " bytes");
  }
  node->kind = tuple ? NodeKind::kTuple
                     : (type == kTypeSet ? NodeKind::kSet : NodeKind::kFrozenSet);
  if (tuple) node->type = *n < 256 ? kTypeSmallTuple : kTypeTuple;
  for (size_t i = 0; i < *n; ++i) {
    NodeId child = 0;
    PYCPACK_RETURN_IF_ERROR(ReadObject(depth + 1, &child));
    node->children.push_back(child);
  }
  return Status::Ok();
}

// A slice is its three items, start, stop and step. CPython reserves its
// reference slot before reading them (r_ref_reserve), as ReadObject does.
Status Reader::ReadSlice(size_t start, int depth, Node* node) {
  if (layout_.marshal_version < kSliceMarshalVersion) {
    return Error(start, std::string("unsupported type: slice in a Python ") + layout_.python +
                            " pyc (marshal version 5, Python 3.14+)");
  }
  node->kind = NodeKind::kSlice;
  for (int i = 0; i < 3; ++i) {
    NodeId child = 0;
    PYCPACK_RETURN_IF_ERROR(ReadObject(depth + 1, &child));
    node->children.push_back(child);
  }
  return Status::Ok();
}

Status Reader::ReadCode(int depth, Node* node) {
  node->kind = NodeKind::kCode;
  for (const CodeField& field : layout_.fields) {
    if (field.kind == FieldKind::kInt) {
      PYCPACK_RETURN_IF_ERROR(Need(4, field.name));
      node->ints.push_back(Int32());
      continue;
    }
    const size_t pos = pos_;
    NodeId child = 0;
    PYCPACK_RETURN_IF_ERROR(ReadObject(depth + 1, &child));
    const std::string problem = fields_.Check(field, child);
    if (!problem.empty()) {
      return Error(pos, problem + " (Python " + layout_.python + " code object layout)");
    }
    node->children.push_back(child);
  }
  return Status::Ok();
}

}  // namespace

Result<ObjectGraph> ReadMarshal(std::string_view data, const CodeLayout& layout,
                                size_t base_offset) {
  Reader reader(data, layout, base_offset);
  return reader.Run();
}

}  // namespace pycpack::marshal
