#include "marshal/writer.h"

#include <cstdint>
#include <vector>

#include "marshal/encoding.h"
#include "marshal/marshal_format.h"

namespace pycpack::marshal {
namespace {

class Writer {
 public:
  explicit Writer(const ObjectGraph& g)
      : g_(g),
        seen_(Keys(), false),
        referenced_(Keys(), false),
        index_(Keys(), -1) {}

  std::string Run() {
    out_.reserve(g_.nodes.size() * 8);
    Mark(g_.root);
    Emit(g_.root);
    return std::move(out_);
  }

 private:
  size_t Keys() const { return g_.value_count + g_.nodes.size(); }

  // What makes two occurrences "the same object" in the output: the value
  // for dedupable nodes, the node itself otherwise.
  size_t Key(NodeId id) const {
    const Node& n = g_.nodes[id];
    return n.dedupable ? n.value_id : g_.value_count + id;
  }

  // A dry run of Emit that finds the keys occurring more than once.
  void Mark(NodeId id) {
    const Node& n = g_.nodes[id];
    if (IsSingleton(n.kind)) return;
    const size_t k = Key(id);
    if (seen_[k]) {
      referenced_[k] = true;
      return;
    }
    seen_[k] = true;
    for (NodeId c : n.children) Mark(c);
  }

  void Emit(NodeId id) {
    const Node& n = g_.nodes[id];
    if (IsSingleton(n.kind)) {
      out_.push_back(static_cast<char>(n.type));
      return;
    }
    const size_t k = Key(id);
    if (index_[k] >= 0) {
      out_.push_back(static_cast<char>(kTypeRef));
      PutU32(&out_, static_cast<uint32_t>(index_[k]));
      return;
    }
    uint8_t flag = 0;
    if (referenced_[k]) {
      flag = kFlagRef;
      index_[k] = next_index_++;
    }
    AppendHead(n, flag, &out_);
    if (n.kind == NodeKind::kCode) {
      EmitCodeFields(n);
    } else {
      for (NodeId c : n.children) Emit(c);
    }
  }

  void EmitCodeFields(const Node& n) {
    size_t i = 0;
    size_t c = 0;
    for (const CodeField& f : g_.layout->fields) {
      if (f.kind == FieldKind::kInt) {
        PutU32(&out_, static_cast<uint32_t>(n.ints[i++]));
      } else {
        Emit(n.children[c++]);
      }
    }
  }

  const ObjectGraph& g_;
  std::vector<bool> seen_;
  std::vector<bool> referenced_;
  std::vector<int32_t> index_;  // ref index of a flagged key, -1 before
  int32_t next_index_ = 0;
  std::string out_;
};

}  // namespace

std::string WriteCanonical(const ObjectGraph& graph) { return Writer(graph).Run(); }

}  // namespace pycpack::marshal
