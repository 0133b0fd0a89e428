// strip_docstrings and optimize=2, checked by running the produced pyc in the
// standalone interpreter.
#include <gtest/gtest.h>

#include <string>

#include "pycpack/compiler.h"
#include "pycpack/pyc.h"
#include "test_util.h"

namespace pycpack {
namespace {

using testutil::MustCompile;
using testutil::RunPython;
using testutil::TempDir;

constexpr char kSource[] = R"PY("""Module doc."""
import asyncio


class C:
    """Class doc."""

    def meth(self):
        """Method doc."""
        return 'kept: not a docstring'


def f():
    """Function doc."""
    x = 'second string stays'
    return x


def only_doc():
    """Nothing but a docstring."""


async def coro():
    """Coroutine doc."""
    return 7


def g():
    assert False, 'asserts are kept'
)PY";

// Loads |pyc| (marshal data after the header) as module m in the standalone
// interpreter and prints one word per fact.
constexpr char kInspect[] = R"PY(
import asyncio, marshal, sys, types
data = open(sys.argv[1], 'rb').read()
m = types.ModuleType('m')
exec(marshal.loads(data[16:]), m.__dict__)
docs = [m.__doc__, m.C.__doc__, m.C.meth.__doc__, m.f.__doc__,
        m.only_doc.__doc__, m.coro.__doc__]
print('docs:' + ','.join('none' if d is None else 'set' for d in docs))
print('values:%s|%s|%s|%s' % (m.C().meth(), m.f(), m.only_doc(),
                              asyncio.run(m.coro())))
try:
    m.g()
    print('assert:skipped')
except AssertionError as e:
    print('assert:raised ' + str(e))
)PY";

std::string Inspect(int optimize, bool strip) {
  CompileResult result = MustCompile({.source = kSource,
                                      .dfile = "docs.py",
                                      .optimize = optimize,
                                      .strip_docstrings = strip});
  EXPECT_TRUE(result.pyc.has_value())
      << result.error.kind << ": " << result.error.message;
  TempDir dir;
  testutil::PythonRun run =
      RunPython(kInspect, {dir.Write("docs.pyc", result.pyc.value_or(""))});
  EXPECT_EQ(run.exit_code, 0) << run.out;
  return run.out;
}

const char kValues[] =
    "values:kept: not a docstring|second string stays|None|7\n";

TEST(StripDocstringsTest, WithoutStripDocstringsAreKept) {
  EXPECT_EQ(Inspect(0, false), std::string("docs:set,set,set,set,set,set\n") +
                                   kValues +
                                   "assert:raised asserts are kept\n");
}

TEST(StripDocstringsTest, StripRemovesDocstringsKeepsAsserts) {
  EXPECT_EQ(Inspect(0, true),
            std::string("docs:none,none,none,none,none,none\n") + kValues +
                "assert:raised asserts are kept\n");
}

TEST(StripDocstringsTest, StripAtOptimizeOneDropsAssertsLikeCPython) {
  EXPECT_EQ(Inspect(1, true),
            std::string("docs:none,none,none,none,none,none\n") + kValues +
                "assert:skipped\n");
}

TEST(StripDocstringsTest, OptimizeTwoDropsDocstringsAndAsserts) {
  EXPECT_EQ(Inspect(2, false),
            std::string("docs:none,none,none,none,none,none\n") + kValues +
                "assert:skipped\n");
}

TEST(StripDocstringsTest, StripAtOptimizeTwoIsPlainOptimizeTwo) {
  EXPECT_EQ(Inspect(2, true),
            std::string("docs:none,none,none,none,none,none\n") + kValues +
                "assert:skipped\n");
  // Byte-identical: removing the docstrings from the AST would also drop the
  // NOP CPython keeps for their lines.
  CompileRequest request{.source = kSource, .dfile = "docs.py", .optimize = 2};
  std::string plain = MustCompile(request).pyc.value_or("");
  request.strip_docstrings = true;
  EXPECT_EQ(MustCompile(request).pyc.value_or(""), plain);
  EXPECT_FALSE(plain.empty());
}

TEST(StripDocstringsTest, BodyOfOnlyADocstringBecomesPass) {
  CompileResult result = MustCompile({.source = "class E:\n    'Only doc.'\n",
                                      .dfile = "e.py",
                                      .strip_docstrings = true});
  ASSERT_TRUE(result.pyc.has_value()) << result.error.message;
  EXPECT_EQ(result.pyc->find("Only doc."), std::string::npos);
}

TEST(StripDocstringsTest, SyntaxErrorsAreReportedOnTheStripRoute) {
  CompileResult result = MustCompile(
      {.source = "def f(:\n", .dfile = "bad.py", .strip_docstrings = true});
  EXPECT_FALSE(result.pyc.has_value());
  EXPECT_EQ(result.error.kind, "SyntaxError");
  EXPECT_EQ(result.error.line, 1);
}

}  // namespace
}  // namespace pycpack
