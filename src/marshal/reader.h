// Parsing a marshal stream into an ObjectGraph.
#ifndef PYCPACK_MARSHAL_READER_H_
#define PYCPACK_MARSHAL_READER_H_

#include <cstddef>
#include <string_view>

#include "marshal/layout.h"
#include "marshal/object_graph.h"
#include "pycpack/status.h"

namespace pycpack::marshal {

// Parses the single object that |data| holds, with code objects laid out as
// |layout| says. Scalars are normalised while reading (see
// docs/canonical-pyc.md); strings get their intern hints.
//
// Fails on anything CPython's reader would reject, on trailing bytes, on
// types that never occur in code objects (list, dict, frozendict, NULL), on
// a slice before marshal version 5 (|layout|.marshal_version), on a
// reference to an object still being read, and on nesting (counted through
// references) deeper than kMaxNesting. Messages start with
// "offset N: ", N being |base_offset| + the position in |data|.
// Memory use is linear in data.size() whatever the input.
Result<ObjectGraph> ReadMarshal(std::string_view data, const CodeLayout& layout,
                                size_t base_offset);

}  // namespace pycpack::marshal

#endif  // PYCPACK_MARSHAL_READER_H_
