#include "marshal/code_view.h"

#include <algorithm>

namespace pycpack::marshal {
namespace {

// The position of |field| among the fields of |kind| (int or object) in
// the layout, or -1.
int FieldIndex(const CodeLayout& layout, std::string_view field, bool ints) {
  int index = 0;
  for (const CodeField& f : layout.fields) {
    if ((f.kind == FieldKind::kInt) != ints) continue;
    if (field == f.name) return index;
    ++index;
  }
  return -1;
}

}  // namespace

CodeView::CodeView(const ObjectGraph& graph, NodeId id)
    : graph_(graph), node_(graph.nodes[id]) {}

std::optional<int32_t> CodeView::Int(std::string_view field) const {
  const int i = FieldIndex(*graph_.layout, field, true);
  if (i < 0 || static_cast<size_t>(i) >= node_.ints.size()) return std::nullopt;
  return node_.ints[static_cast<size_t>(i)];
}

const Node* CodeView::Object(std::string_view field) const {
  const int i = FieldIndex(*graph_.layout, field, false);
  if (i < 0 || static_cast<size_t>(i) >= node_.children.size()) return nullptr;
  return &graph_.nodes[node_.children[static_cast<size_t>(i)]];
}

std::string_view CodeView::Text(std::string_view field) const {
  const Node* n = Object(field);
  return n == nullptr ? std::string_view() : std::string_view(n->data);
}

std::vector<std::string_view> CodeView::Names(std::string_view field) const {
  std::vector<std::string_view> out;
  const Node* n = Object(field);
  if (n == nullptr) return out;
  for (NodeId c : n->children) out.push_back(graph_.nodes[c].data);
  return out;
}

std::vector<const Node*> CodeView::Consts() const {
  std::vector<const Node*> out;
  const Node* n = Object("co_consts");
  if (n == nullptr) return out;
  for (NodeId c : n->children) out.push_back(&graph_.nodes[c]);
  return out;
}

std::vector<NodeId> CodeObjects(const ObjectGraph& graph) {
  std::vector<NodeId> out;
  std::vector<bool> seen(graph.nodes.size(), false);
  std::vector<NodeId> stack = {graph.root};
  while (!stack.empty()) {
    const NodeId id = stack.back();
    stack.pop_back();
    if (graph.nodes[id].kind != NodeKind::kCode || seen[id]) continue;
    seen[id] = true;
    out.push_back(id);
    const Node* consts = CodeView(graph, id).Object("co_consts");
    if (consts == nullptr) continue;
    // Reversed, so that the first constant is visited first.
    std::for_each(consts->children.rbegin(), consts->children.rend(),
                  [&](NodeId c) { stack.push_back(c); });
  }
  return out;
}

}  // namespace pycpack::marshal
