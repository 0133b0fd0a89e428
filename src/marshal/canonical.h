// The canonical form of marshalled code objects and of .pyc files: bytes that
// depend only on the value of the code object, not on the history of the
// process that wrote them. The form is specified in docs/canonical-pyc.md.
//
// The functions work on bytes, not live objects, so they serve any target
// interpreter whose layout is known (CPython 3.8 to 3.15, by magic number;
// see SupportedPythonRange() in layout.h).
// They never crash or allocate without bound on malformed input.
#ifndef PYCPACK_MARSHAL_CANONICAL_H_
#define PYCPACK_MARSHAL_CANONICAL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "pycpack/status.h"

namespace pycpack {

// Changes whenever the output of these functions changes for some input;
// part of every cache key that covers canonical bytes.
inline constexpr int kCanonicalFormVersion = 1;

// The canonical form of |data|, one marshalled object (normally a code
// object) as written by the CPython whose pyc magic number is |magic|.
// Fails for an unsupported magic, or malformed or unsupported data, with a
// message starting "offset N: " (N counted from the start of |data|).
Result<std::string> CanonicalizeMarshal(std::string_view data, uint16_t magic);

// |pyc| with its marshal part canonicalised; the 16-byte header is kept as
// is and its first two bytes (little endian) pick the layout. Offsets in
// error messages count from the start of the file.
Result<std::string> CanonicalizePyc(std::string_view pyc);

// Whether CanonicalizePyc(pyc) would return |pyc| unchanged. Fails when
// CanonicalizePyc fails.
Result<bool> IsCanonicalPyc(std::string_view pyc);

}  // namespace pycpack

#endif  // PYCPACK_MARSHAL_CANONICAL_H_
