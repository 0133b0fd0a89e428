// The in-memory form of a marshal stream: a DAG of nodes, one per object
// read (a TYPE_REF resolves to the node it refers to, so sharing in the input
// becomes sharing of nodes). Built by ReadMarshal, completed by
// NormalizeGraph, written by WriteCanonical.
#ifndef PYCPACK_MARSHAL_OBJECT_GRAPH_H_
#define PYCPACK_MARSHAL_OBJECT_GRAPH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "marshal/layout.h"

namespace pycpack::marshal {

using NodeId = uint32_t;

enum class NodeKind : uint8_t {
  // Singletons: never carry FLAG_REF, never referenced.
  kNone,
  kFalse,
  kTrue,
  kEllipsis,
  kStopIteration,
  // Scalars.
  kInt,
  kFloat,
  kComplex,
  kBytes,
  kStr,
  // Containers.
  kTuple,
  kFrozenSet,
  kSet,
  kCode,
  kSlice,  // children: start, stop, step (3.14+)
};

inline bool IsSingleton(NodeKind k) { return k <= NodeKind::kStopIteration; }

struct Node {
  NodeKind kind = NodeKind::kNone;
  // Canonical type code (without FLAG_REF). For kStr it is set by
  // NormalizeGraph, which decides between the interned and plain codes.
  uint8_t type = 0;
  // kInt, kFloat, kComplex: the canonical bytes after the type code.
  // kBytes: the content. kStr: the content as UTF-8 (surrogates allowed).
  std::string data;
  std::vector<int32_t> ints;      // kCode: the kInt fields, in layout order
  std::vector<NodeId> children;   // containers: items; kCode: object fields
  int height = 1;                 // longest path to a leaf, counting this node
  bool intern_hint = false;       // kStr: some occurrence is in an interned slot

  // Set by NormalizeGraph.
  uint32_t value_id = 0;   // shared by nodes with equal expanded encodings
  bool dedupable = false;  // immutable and free of code objects and sets
};

struct ObjectGraph {
  const CodeLayout* layout = nullptr;
  std::vector<Node> nodes;  // children always precede their parents
  NodeId root = 0;
  uint32_t value_count = 0;  // value ids are 0 .. value_count-1
};

// Node ids of the singletons, present in every graph made by ReadMarshal.
inline constexpr NodeId kNoneId = 0;
inline constexpr NodeId kFalseId = 1;
inline constexpr NodeId kTrueId = 2;
inline constexpr NodeId kEllipsisId = 3;
inline constexpr NodeId kStopIterationId = 4;

}  // namespace pycpack::marshal

#endif  // PYCPACK_MARSHAL_OBJECT_GRAPH_H_
