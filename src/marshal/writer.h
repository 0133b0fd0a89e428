// Writing the canonical encoding of a normalised ObjectGraph.
#ifndef PYCPACK_MARSHAL_WRITER_H_
#define PYCPACK_MARSHAL_WRITER_H_

#include <string>

#include "marshal/object_graph.h"

namespace pycpack::marshal {

// The canonical marshal bytes of graph.root: every dedupable value and every
// other node is written in full once, at its first occurrence in output
// order, and as a TYPE_REF after that; FLAG_REF is set exactly on the
// objects referred to later, and references are numbered in the order the
// flagged objects appear. REQUIRES: NormalizeGraph(&graph) has run.
std::string WriteCanonical(const ObjectGraph& graph);

}  // namespace pycpack::marshal

#endif  // PYCPACK_MARSHAL_WRITER_H_
