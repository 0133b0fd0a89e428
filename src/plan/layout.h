// Where compiled files go (PEP 3147 / PEP 488 / sourceless).
#ifndef PYCPACK_PLAN_LAYOUT_H_
#define PYCPACK_PLAN_LAYOUT_H_

#include <string>
#include <string_view>

namespace pycpack {

// True for the files pycpack compiles: names ending in ".py".
bool IsPythonSource(std::string_view path);

// True for files never shipped from an input tree: "*.pyc", "*.pyo".
bool IsStrayBytecode(std::string_view path);

// "pkg/mod.py" -> "pkg/mod.pyc": the sourceless layout of pyc-only.
// REQUIRES: IsPythonSource(py_path).
std::string SourcelessPycPath(std::string_view py_path);

// "pkg/a.b.py", "cpython-311", 1 -> "pkg/__pycache__/a.b.cpython-311.opt-1.pyc"
// exactly as importlib.util.cache_from_source names it (level 0 has no
// ".opt-" part). REQUIRES: IsPythonSource(py_path), 0 <= optimize <= 2.
std::string CachedPycPath(std::string_view py_path, std::string_view cache_tag,
                          int optimize);

}  // namespace pycpack

#endif  // PYCPACK_PLAN_LAYOUT_H_
