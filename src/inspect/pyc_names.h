// What a pyc's path says (PEP 3147 and PEP 488): where its source is and
// which optimisation level it is for.
#ifndef PYCPACK_INSPECT_PYC_NAMES_H_
#define PYCPACK_INSPECT_PYC_NAMES_H_

#include <optional>
#include <string>
#include <string_view>

namespace pycpack::inspect {

struct PycName {
  // The source the pyc belongs to, '/'-separated like the pyc's path;
  // nullopt when the name does not say (a malformed __pycache__ name).
  std::optional<std::string> source;
  // 0 for "<stem>.<tag>.pyc", N for "<stem>.<tag>.opt-N.pyc" in
  // __pycache__; nullopt for a sourceless pyc (loaded at any level) and for
  // names that do not follow PEP 488.
  std::optional<int> level;
  bool sourceless = false;  // not in a __pycache__ directory
};

// Classifies |path|, which ends in ".pyc":
//   "d/__pycache__/a.b.cpython-311.opt-1.pyc" -> source "d/a.b.py", level 1
//   "d/__pycache__/a.cpython-311.pyc"         -> source "d/a.py", level 0
//   "d/a.pyc" (sourceless)                    -> source "d/a.py", no level
//   "d/__pycache__/a.pyc" (no tag)            -> no source, no level
PycName ClassifyPycPath(std::string_view path);

}  // namespace pycpack::inspect

#endif  // PYCPACK_INSPECT_PYC_NAMES_H_
