// The value-based parts of the canonical form: string types, value
// identity, and the order of set items.
#ifndef PYCPACK_MARSHAL_NORMALIZE_H_
#define PYCPACK_MARSHAL_NORMALIZE_H_

#include "marshal/object_graph.h"

namespace pycpack::marshal {

// Completes a graph made by ReadMarshal: decides every str's type code (a
// str value is interned iff one of its occurrences has an intern hint),
// gives every node its value id and dedupable flag, and sorts the items of
// every set and frozenset by CompareExpanded, dropping items equal to the
// previous one. Sets graph->value_count.
void NormalizeGraph(ObjectGraph* graph);

// Compares the expanded encodings of two nodes: their canonical encodings
// with no FLAG_REF and every reference replaced by the object it refers
// to. Returns <0, 0 or >0 like memcmp. REQUIRES: the value ids of both
// nodes, and of everything below them, are set.
int CompareExpanded(const ObjectGraph& graph, NodeId a, NodeId b);

}  // namespace pycpack::marshal

#endif  // PYCPACK_MARSHAL_NORMALIZE_H_
