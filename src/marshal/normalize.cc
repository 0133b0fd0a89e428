#include "marshal/normalize.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "marshal/encoding.h"
#include "marshal/marshal_format.h"

namespace pycpack::marshal {
namespace {

// A quick hash for the tables below (not for anything stored): 8 bytes at a
// time, multiply and fold.
uint64_t FastHash(std::string_view s) {
  constexpr uint64_t kMul = 0x9e3779b97f4a7c15u;
  uint64_t h = s.size() * kMul;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 32;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  h = (h ^ tail) * kMul;
  return h ^ (h >> 29);
}

struct FastStringHash {
  size_t operator()(std::string_view s) const { return FastHash(s); }
};

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
  std::unordered_map<std::string_view, bool, FastStringHash> interned;
  interned.reserve(g->nodes.size());
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

// Assigns value ids: nodes with the same type code, own bytes, int fields
// and children's value ids share one, numbered in order of first
// occurrence. An open-addressing table of node ids, so that no key is built
// per node (this runs for every object of every pyc).
class ValueTable {
 public:
  ValueTable(const ObjectGraph& g) : g_(g) {
    size_t cap = 16;
    while (cap < g.nodes.size() * 2) cap <<= 1;
    slots_.assign(cap, kEmpty);
  }

  // The value id of node |id|, whose children already have theirs.
  uint32_t IdOf(NodeId id) {
    const Node& n = g_.nodes[id];
    const size_t mask = slots_.size() - 1;
    for (size_t i = Hash(n) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == kEmpty) {
        slots_[i] = id;
        return count_++;
      }
      const Node& other = g_.nodes[slots_[i]];
      if (Same(n, other)) return other.value_id;
    }
  }
  uint32_t count() const { return count_; }

 private:
  static constexpr NodeId kEmpty = UINT32_MAX;

  size_t Hash(const Node& n) const {
    size_t h = FastHash(n.data) ^ (size_t{n.type} * 0x9e3779b97f4a7c15u);
    auto mix = [&h](uint64_t v) { h = (h ^ v) * 0x100000001b3u + (h >> 29); };
    for (int32_t v : n.ints) mix(static_cast<uint32_t>(v));
    for (NodeId c : n.children) mix(g_.nodes[c].value_id);
    return h ^ (h >> 32);
  }

  bool Same(const Node& a, const Node& b) const {
    if (a.type != b.type || a.data != b.data || a.ints != b.ints ||
        a.children.size() != b.children.size()) {
      return false;
    }
    for (size_t i = 0; i < a.children.size(); ++i) {
      if (g_.nodes[a.children[i]].value_id != g_.nodes[b.children[i]].value_id) return false;
    }
    return true;
  }

  const ObjectGraph& g_;
  std::vector<NodeId> slots_;
  uint32_t count_ = 0;
};

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
  ValueTable values(*graph);
  // Children precede parents, so one pass in node order sees every child's
  // value id (and sorted items) before its parent needs them.
  for (NodeId id = 0; id < graph->nodes.size(); ++id) {
    Node& n = graph->nodes[id];
    if (IsSetKind(n.kind)) SortItems(*graph, &n.children);
    n.value_id = values.IdOf(id);
    n.dedupable = IsDedupable(n, *graph);
  }
  graph->value_count = values.count();
}

}  // namespace pycpack::marshal
