#include "plan/layout.h"

#include <gtest/gtest.h>

namespace pycpack {
namespace {

TEST(LayoutTest, PythonSourceIsDotPyWithAName) {
  EXPECT_TRUE(IsPythonSource("pkg/mod.py"));
  EXPECT_TRUE(IsPythonSource("a.b.py"));
  EXPECT_FALSE(IsPythonSource("pkg/.py"));
  EXPECT_FALSE(IsPythonSource("pkg/mod.pyi"));
  EXPECT_FALSE(IsPythonSource("pkg/mod.pyc"));
  EXPECT_FALSE(IsPythonSource("pkg/py"));
}

TEST(LayoutTest, StrayBytecode) {
  EXPECT_TRUE(IsStrayBytecode("old.pyc"));
  EXPECT_TRUE(IsStrayBytecode("x/old.pyo"));
  EXPECT_FALSE(IsStrayBytecode("x/old.py"));
}

TEST(LayoutTest, SourcelessNameSitsWhereTheSourceWas) {
  EXPECT_EQ(SourcelessPycPath("pkg/mod.py"), "pkg/mod.pyc");
  EXPECT_EQ(SourcelessPycPath("mod.py"), "mod.pyc");
  EXPECT_EQ(SourcelessPycPath("a.b.py"), "a.b.pyc");
}

TEST(LayoutTest, CachedNamesFollowPep3147And488) {
  EXPECT_EQ(CachedPycPath("pkg/mod.py", "cpython-311", 0),
            "pkg/__pycache__/mod.cpython-311.pyc");
  EXPECT_EQ(CachedPycPath("pkg/mod.py", "cpython-311", 1),
            "pkg/__pycache__/mod.cpython-311.opt-1.pyc");
  EXPECT_EQ(CachedPycPath("pkg/mod.py", "cpython-312", 2),
            "pkg/__pycache__/mod.cpython-312.opt-2.pyc");
  EXPECT_EQ(CachedPycPath("mod.py", "cpython-311", 0),
            "__pycache__/mod.cpython-311.pyc");
}

TEST(LayoutTest, NameBaseIsEverythingBeforeTheLastDot) {
  EXPECT_EQ(CachedPycPath("x/a.b.py", "cpython-311", 0),
            "x/__pycache__/a.b.cpython-311.pyc");
  EXPECT_EQ(CachedPycPath("a.b.c.py", "cpython-313", 1),
            "__pycache__/a.b.c.cpython-313.opt-1.pyc");
}

}  // namespace
}  // namespace pycpack
