#include "marshal/code_fields.h"

namespace pycpack::marshal {

const char* KindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kNone: return "None";
    case NodeKind::kFalse:
    case NodeKind::kTrue: return "bool";
    case NodeKind::kEllipsis: return "Ellipsis";
    case NodeKind::kStopIteration: return "StopIteration";
    case NodeKind::kInt: return "int";
    case NodeKind::kFloat: return "float";
    case NodeKind::kComplex: return "complex";
    case NodeKind::kBytes: return "bytes";
    case NodeKind::kStr: return "str";
    case NodeKind::kTuple: return "tuple";
    case NodeKind::kFrozenSet: return "frozenset";
    case NodeKind::kSet: return "set";
    case NodeKind::kCode: return "code object";
    case NodeKind::kSlice: return "slice";
  }
  return "object";
}

std::string CodeFieldChecker::Check(const CodeField& field, NodeId value) {
  const Node& v = graph_->nodes[value];
  NodeKind want = NodeKind::kTuple;
  if (field.kind == FieldKind::kBytes) want = NodeKind::kBytes;
  if (field.kind == FieldKind::kStr) want = NodeKind::kStr;
  if (v.kind != want) {
    return std::string(field.name) + " must be a " + KindName(want) + ", not a " + KindName(v.kind);
  }
  if (field.kind == FieldKind::kNameTuple) {
    for (NodeId item : v.children) {
      const NodeKind k = graph_->nodes[item].kind;
      if (k != NodeKind::kStr) {
        return std::string(field.name) + " must hold only str, not a " + KindName(k);
      }
      Hint(item, field.intern);
    }
  } else if (field.kind == FieldKind::kStr) {
    Hint(value, field.intern);
  } else if (field.kind == FieldKind::kConsts) {
    MarkConsts(value);
  }
  return "";
}

void CodeFieldChecker::Hint(NodeId id, InternRule rule) {
  Node& n = graph_->nodes[id];
  if (rule == InternRule::kAlways || (rule == InternRule::kIfNameChars && IsAllNameChars(n.data))) {
    n.intern_hint = true;
  }
}

// CPython's code constructor interns the constant strings made of name
// characters, looking inside tuples and frozensets (intern_string_constants;
// intern_constants from 3.13). It does not look inside slices (3.14, 3.15;
// only the free-threaded build does), and the compiler writes their strings
// plain, so neither does this. Each node is visited once, so shared
// sub-tuples cost nothing more.
void CodeFieldChecker::MarkConsts(NodeId id) {
  if (const_marked_.size() <= id) const_marked_.resize(graph_->nodes.size(), false);
  if (const_marked_[id]) return;
  const_marked_[id] = true;
  const Node& n = graph_->nodes[id];
  if (n.kind == NodeKind::kStr) {
    Hint(id, InternRule::kIfNameChars);
  } else if (n.kind == NodeKind::kTuple || n.kind == NodeKind::kFrozenSet) {
    for (NodeId c : n.children) MarkConsts(c);
  }
}

}  // namespace pycpack::marshal
