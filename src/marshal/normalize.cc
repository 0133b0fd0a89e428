#include "marshal/normalize.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

#include "marshal/encoding.h"
#include "marshal/marshal_format.h"

namespace pycpack::marshal {
namespace {

bool IsSetKind(NodeKind k) { return k == NodeKind::kSet || k == NodeKind::kFrozenSet; }

int CompareBytes(std::string_view a, std::string_view b) {
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string Head(const Node& n) {
  std::string s;
  AppendHead(n, 0, &s);
  return s;
}

std::string IntBytes(int32_t v) {
  std::string s;
  PutU32(&s, static_cast<uint32_t>(v));
  return s;
}

// Both nodes are code objects: walk the fields in marshal order.
int CompareCode(const ObjectGraph& g, const Node& x, const Node& y) {
  size_t i = 0;
  size_t c = 0;
  for (const CodeField& f : g.layout->fields) {
    int r = 0;
    if (f.kind == FieldKind::kInt) {
      r = CompareBytes(IntBytes(x.ints[i]), IntBytes(y.ints[i]));
      ++i;
    } else {
      r = CompareExpanded(g, x.children[c], y.children[c]);
      ++c;
    }
    if (r != 0) return r;
  }
  return 0;
}

void DecideStrTypes(ObjectGraph* g) {
  std::unordered_map<std::string_view, bool> interned;
  for (const Node& n : g->nodes) {
    if (n.kind == NodeKind::kStr) interned[n.data] |= n.intern_hint;
  }
  for (Node& n : g->nodes) {
    if (n.kind == NodeKind::kStr) n.type = StrTypeCode(n.data, interned[n.data]);
  }
}

void SortItems(const ObjectGraph& g, std::vector<NodeId>* items) {
  std::stable_sort(items->begin(), items->end(), [&g](NodeId a, NodeId b) {
    return CompareExpanded(g, a, b) < 0;
  });
  auto same_value = [&g](NodeId a, NodeId b) {
    return g.nodes[a].value_id == g.nodes[b].value_id;
  };
  items->erase(std::unique(items->begin(), items->end(), same_value), items->end());
}

// The identity of a node's value: its type code, its own bytes, and the
// value ids of its children.
std::string ValueKey(const Node& n, const ObjectGraph& g) {
  std::string key(1, static_cast<char>(n.type));
  key += n.data;
  for (int32_t v : n.ints) PutU32(&key, static_cast<uint32_t>(v));
  for (NodeId c : n.children) PutU32(&key, g.nodes[c].value_id);
  return key;
}

bool IsDedupable(const Node& n, const ObjectGraph& g) {
  if (n.kind == NodeKind::kCode || n.kind == NodeKind::kSet) return false;
  for (NodeId c : n.children) {
    if (!g.nodes[c].dedupable) return false;
  }
  return true;
}

}  // namespace

int CompareExpanded(const ObjectGraph& g, NodeId a, NodeId b) {
  const Node& x = g.nodes[a];
  const Node& y = g.nodes[b];
  if (x.value_id == y.value_id) return 0;
  if (x.type != y.type) return x.type < y.type ? -1 : 1;
  if (x.kind == NodeKind::kCode) return CompareCode(g, x, y);
  const int r = CompareBytes(Head(x), Head(y));
  if (r != 0) return r;
  // Same type and size: the first differing item decides (encodings are
  // prefix-free, so no item's encoding is a prefix of another's).
  for (size_t i = 0; i < x.children.size(); ++i) {
    const int c = CompareExpanded(g, x.children[i], y.children[i]);
    if (c != 0) return c;
  }
  return 0;
}

void NormalizeGraph(ObjectGraph* graph) {
  DecideStrTypes(graph);
  std::unordered_map<std::string, uint32_t> ids;
  // Children precede parents, so one pass in node order sees every child's
  // value id (and sorted items) before its parent needs them.
  for (Node& n : graph->nodes) {
    if (IsSetKind(n.kind)) SortItems(*graph, &n.children);
    const uint32_t next = static_cast<uint32_t>(ids.size());
    n.value_id = ids.emplace(ValueKey(n, *graph), next).first->second;
    n.dedupable = IsDedupable(n, *graph);
  }
  graph->value_count = static_cast<uint32_t>(ids.size());
}

}  // namespace pycpack::marshal
