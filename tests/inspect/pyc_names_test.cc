#include "inspect/pyc_names.h"

#include <gtest/gtest.h>

namespace pycpack::inspect {
namespace {

struct Case {
  const char* path;
  const char* source;  // nullptr: none
  int level;           // -1: unknown
  bool sourceless;
};

TEST(PycNamesTest, Pep3147AndPep488Names) {
  const Case cases[] = {
      {"pkg/__pycache__/mod.cpython-311.pyc", "pkg/mod.py", 0, false},
      {"pkg/__pycache__/mod.cpython-311.opt-1.pyc", "pkg/mod.py", 1, false},
      {"pkg/__pycache__/mod.cpython-38.opt-2.pyc", "pkg/mod.py", 2, false},
      {"__pycache__/mod.cpython-312.pyc", "mod.py", 0, false},
      {"/abs/__pycache__/mod.cpython-312.pyc", "/abs/mod.py", 0, false},
      {"/__pycache__/mod.cpython-312.pyc", "/mod.py", 0, false},
      // Everything before the tag is the stem, dots included.
      {"a/__pycache__/a.b.cpython-311.pyc", "a/a.b.py", 0, false},
      {"a/__pycache__/a.b.cpython-311.opt-2.pyc", "a/a.b.py", 2, false},
      // PEP 488 allows other optimisation tags; their level is unknown.
      {"a/__pycache__/m.cpython-311.opt-x.pyc", "a/m.py", -1, false},
      // Sourceless pycs: loaded at any level.
      {"pkg/mod.pyc", "pkg/mod.py", -1, true},
      {"mod.pyc", "mod.py", -1, true},
      {"pkg/mod.cpython-311.pyc", "pkg/mod.cpython-311.py", -1, true},
      // Not a cache name: no tag.
      {"pkg/__pycache__/mod.pyc", nullptr, -1, false},
      {"pkg/__pycache__/mod.opt-1.pyc", nullptr, -1, false},
      {"pkg/__pycache__/.cpython-311.pyc", nullptr, -1, false},
  };
  for (const Case& c : cases) {
    PycName n = ClassifyPycPath(c.path);
    EXPECT_EQ(n.source.value_or("(none)"), c.source ? c.source : "(none)") << c.path;
    EXPECT_EQ(n.level.value_or(-1), c.level) << c.path;
    EXPECT_EQ(n.sourceless, c.sourceless) << c.path;
  }
}

}  // namespace
}  // namespace pycpack::inspect
