// What the bytecode of a pyc shows about how it was compiled: its
// co_filename, and whether docstrings and asserts survived (python -O drops
// asserts, -OO also docstrings). Evidence, not a verdict: a module without
// docstrings in its source shows none at any level.
#ifndef PYCPACK_INSPECT_EVIDENCE_H_
#define PYCPACK_INSPECT_EVIDENCE_H_

#include <string>

#include "marshal/object_graph.h"
#include "pycpack/status.h"

namespace pycpack::inspect {

enum class Found {
  kAbsent,
  kPresent,
  // Seen, but the bytecode cannot tell it from something else (3.8 asserts
  // look like `if not x: raise AssertionError`).
  kPossible,
};

// "absent", "present", "possible".
const char* FoundName(Found found);

struct CodeEvidence {
  std::string co_filename;  // of the module's code object
  // A module or class body stores __doc__ (its docstring, or an explicit
  // `__doc__ = ...`), or a function has one: on 3.14+ its co_flags has
  // CO_HAS_DOCSTRING; on 3.8-3.13 its first constant is a str (they put a
  // function's docstring, or None, first in co_consts).
  Found docstrings = Found::kAbsent;
  // 3.9-3.13: some co_code holds LOAD_ASSERTION_ERROR; 3.14+: some co_code
  // holds LOAD_COMMON_CONSTANT 0 (AssertionError). Only an assert statement
  // compiles to either (kPresent). 3.8: some code object names
  // AssertionError and raises (kPossible).
  Found asserts = Found::kAbsent;
};

// Reads the evidence from every code object of |graph| (see CodeObjects).
// Fails if the root object is not a code object.
// REQUIRES: |graph| comes from ReadMarshal.
Result<CodeEvidence> ReadCodeEvidence(const marshal::ObjectGraph& graph);

}  // namespace pycpack::inspect

#endif  // PYCPACK_INSPECT_EVIDENCE_H_
