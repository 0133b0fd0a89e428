// Checks on the object fields of a code object, and the intern hints they
// give to strings (see "Strings" in docs/canonical-pyc.md).
#ifndef PYCPACK_MARSHAL_CODE_FIELDS_H_
#define PYCPACK_MARSHAL_CODE_FIELDS_H_

#include <string>
#include <vector>

#include "marshal/layout.h"
#include "marshal/object_graph.h"

namespace pycpack::marshal {

// "None", "int", "tuple", ... for messages.
const char* KindName(NodeKind kind);

class CodeFieldChecker {
 public:
  // REQUIRES: |graph| outlives the checker.
  explicit CodeFieldChecker(ObjectGraph* graph) : graph_(graph) {}

  // Checks that node |value| has the type |field| requires (bytes, str,
  // tuple, tuple of str) and sets intern_hint on the strings that sit in a
  // slot CPython interns: names always, co_filename/co_name/co_qualname per
  // the field's rule, constants (inside tuples and frozensets) when made of
  // name characters. Returns "" if the type is right, else what is wrong.
  std::string Check(const CodeField& field, NodeId value);

 private:
  void Hint(NodeId id, InternRule rule);
  void MarkConsts(NodeId id);

  ObjectGraph* graph_;
  std::vector<bool> const_marked_;  // nodes already visited by MarkConsts
};

}  // namespace pycpack::marshal

#endif  // PYCPACK_MARSHAL_CODE_FIELDS_H_
