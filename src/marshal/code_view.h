// Read access to the code objects of an ObjectGraph, field by name, for
// tools that look at compiled code (pycpack inspect) rather than rewrite it.
#ifndef PYCPACK_MARSHAL_CODE_VIEW_H_
#define PYCPACK_MARSHAL_CODE_VIEW_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "marshal/object_graph.h"

namespace pycpack::marshal {

// One code object of |graph|. Field names are the layout's ("co_flags",
// "co_consts"...); asking for a field the layout does not have gives
// nullopt / nullptr.
// REQUIRES: graph.nodes[id].kind == NodeKind::kCode; |graph| outlives the
// view and comes from ReadMarshal (so field types were checked).
class CodeView {
 public:
  CodeView(const ObjectGraph& graph, NodeId id);

  std::optional<int32_t> Int(std::string_view field) const;
  // The node an object field holds (a kStr, kBytes or kTuple node).
  const Node* Object(std::string_view field) const;
  // The content of a str or bytes field; "" if the layout has no such field.
  std::string_view Text(std::string_view field) const;
  // The strings of a tuple-of-str field (co_names...), in order.
  std::vector<std::string_view> Names(std::string_view field) const;
  // The nodes of co_consts, in order.
  std::vector<const Node*> Consts() const;

 private:
  const ObjectGraph& graph_;
  const Node& node_;
};

// Every code object reachable from graph.root through co_consts (the root
// first if it is a code object, then depth-first in constant order), each
// node once.
std::vector<NodeId> CodeObjects(const ObjectGraph& graph);

}  // namespace pycpack::marshal

#endif  // PYCPACK_MARSHAL_CODE_VIEW_H_
