// Pieces of the canonical encoding shared by the writer and the ordering.
#ifndef PYCPACK_MARSHAL_ENCODING_H_
#define PYCPACK_MARSHAL_ENCODING_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "marshal/object_graph.h"

namespace pycpack::marshal {

// The type code for a str with |utf8| content: the short ASCII, ASCII or
// UTF-8 form (as CPython's writer chooses them), interned or not.
uint8_t StrTypeCode(std::string_view utf8, bool interned);

// Appends the bytes of |node|'s canonical encoding that come before its
// children, with |flag| (0 or kFlagRef) or'ed into the type code: all of
// them for a scalar; type code and size for a tuple, set or frozenset; the
// type code alone for a code object or a slice. REQUIRES: NormalizeGraph has
// run.
void AppendHead(const Node& node, uint8_t flag, std::string* out);

}  // namespace pycpack::marshal

#endif  // PYCPACK_MARSHAL_ENCODING_H_
