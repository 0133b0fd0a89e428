// verify's default levels (verify/default_levels.h), through the check
// program run by the Python pycpack was built against, on one tree that
// holds every kind of unit: a pyc-only guard layout beside a library built
// at level 0 (regression: every module of the second got level 1 and 2
// "missing" findings), packages built at 0 and 1, top-level modules, a
// namespace directory and a py-only package.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <utility>

#include "../fs/temp_dir.h"
#include "verify/interpreter_check.h"
#include "util/subprocess.h"

namespace pycpack {
namespace {

// Writes the tree below argv[1] with the running Python: each module's
// source, and its checked-hash pycs at the levels given for its cache tag
// (TAG: this interpreter's) and, for guards, one pyc (compiled at level 0)
// under the three names of this tag and of a second one.
constexpr char kMakeTree[] = R"PY(
import os, shutil, sys, py_compile
root = sys.argv[1]
TAG = sys.implementation.cache_tag
MODULES = {
    'app/__init__.py': 'guard', 'app/m.py': 'guard',
    'vendor/__init__.py': [0], 'vendor/v.py': [0],
    'lib/__init__.py': [0, 1], 'lib/a.py': [0, 1],
    'lib/sub/__init__.py': [0, 1], 'lib/sub/b.py': [0, 1],
    'top.py': [0], 'other.py': [0, 1],
    'ns/x.py': [0, 1], 'ns/y.py': [0, 1],
    'plain/__init__.py': [], 'plain/p.py': [],
}
mode = py_compile.PycInvalidationMode.CHECKED_HASH
for rel, levels in sorted(MODULES.items()):
    src = os.path.join(root, rel)
    os.makedirs(os.path.dirname(src), exist_ok=True)
    with open(src, 'w') as f:
        f.write('"""%s"""\nassert True\nVALUE = %r\n' % (rel, rel))
    def cached(level, tag=TAG):
        head, name = os.path.split(src)
        opt = '.opt-%d' % level if level else ''
        return os.path.join(head, '__pycache__', name[:-3] + '.' + tag + opt + '.pyc')
    if levels == 'guard':
        py_compile.compile(src, cached(0), doraise=True, invalidation_mode=mode)
        for tag in (TAG, 'cpython-399'):
            for level in (0, 1, 2):
                if cached(level, tag) != cached(0):
                    shutil.copy(cached(0), cached(level, tag))
        continue
    for level in levels:
        py_compile.compile(src, cached(level), doraise=True, optimize=level,
                           invalidation_mode=mode)
)PY";

class DefaultLevelsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProcessSpec spec;
    spec.argv = {PYCPACK_TEST_PYTHON, "-I", "-c", kMakeTree, dir_.path()};
    spec.env = EnvironmentWithoutPython({});
    Result<ProcessResult> out = RunProcess(spec);
    ASSERT_TRUE(out.ok()) << out.status().message();
    ASSERT_EQ(out->exit_code, 0) << out->err;
    Result<InterpreterResult> probe = Check({});
    ASSERT_TRUE(probe.ok()) << probe.status().message();
    tag_ = probe->cache_tag;
  }

  Result<InterpreterResult> Check(std::vector<int> optimize) {
    CheckOptions options;
    options.optimize = std::move(optimize);
    return CheckWithInterpreter(PYCPACK_TEST_PYTHON, dir_.path(), options);
  }

  // {(path, pyc)} of the findings of a default check.
  std::set<std::pair<std::string, std::string>> Findings() {
    Result<InterpreterResult> r = Check({});
    EXPECT_TRUE(r.ok()) << r.status().message();
    std::set<std::pair<std::string, std::string>> got;
    if (!r.ok()) return got;
    for (const Finding& f : r->findings) {
      EXPECT_EQ(f.kind, "missing") << f.path;
      got.emplace(f.path, f.pyc);
    }
    return got;
  }

  std::string Cached(const std::string& dir, const std::string& stem, int level) {
    return dir + "/__pycache__/" + stem + "." + tag_ +
           (level ? ".opt-" + std::to_string(level) : "") + ".pyc";
  }

  TempDir dir_;
  std::string tag_;
};

TEST_F(DefaultLevelsTest, OnlyLevelsTheBuildMadeForThatPartAreChecked) {
  Result<InterpreterResult> r = Check({});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->optimize, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(r->sources, 14u);
  // Guards 2 x 3, vendor 2, lib 4 x 2, top 1, other 2, ns 2 x 2.
  EXPECT_EQ(r->pycs, 23u);
  EXPECT_EQ(r->ok, 23u);
  // The py-only package alone: compiled at import time, at level 0.
  EXPECT_EQ(Findings(), (std::set<std::pair<std::string, std::string>>{
                            {"plain/__init__.py", Cached("plain", "__init__", 0)},
                            {"plain/p.py", Cached("plain", "p", 0)}}));
}

TEST_F(DefaultLevelsTest, ADeletedPycIsStillFound) {
  const std::string root = dir_.path() + "/";
  const std::string gone[] = {
      Cached("vendor", "v", 0),      // its package has level 0
      Cached("lib/sub", "b", 1),     // its top-level package has level 1
      Cached("app", "m", 1),         // its guard has level 1 for another tag
      Cached("ns", "x", 1),          // its namespace directory has level 1
      Cached("lib", "__init__", 0),  // the package's own module
  };
  for (const std::string& pyc : gone) ASSERT_TRUE(std::filesystem::remove(root + pyc)) << pyc;
  std::set<std::pair<std::string, std::string>> want = {
      {"plain/__init__.py", Cached("plain", "__init__", 0)},
      {"plain/p.py", Cached("plain", "p", 0)},
      {"vendor/v.py", gone[0]},
      {"lib/sub/b.py", gone[1]},
      {"app/m.py", gone[2]},
      {"ns/x.py", gone[3]},
      {"lib/__init__.py", gone[4]}};
  EXPECT_EQ(Findings(), want);
}

TEST_F(DefaultLevelsTest, GivenLevelsApplyToEverySource) {
  Result<InterpreterResult> r = Check({2});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->optimize, (std::vector<int>{2}));
  EXPECT_EQ(r->ok, 2u);  // the guards' opt-2 names
  EXPECT_EQ(r->findings.size(), 12u);
}

// A pycpack-kept-sources.json (at a directory, or in a .dist-info for the
// directory holding it) names sources kept on purpose without pyc.
TEST_F(DefaultLevelsTest, SourcesKeptOnPurposeAreNotesNotFindings) {
  auto write = [&](const std::string& rel, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(dir_.path() + "/" + rel).parent_path());
    std::ofstream(dir_.path() + "/" + rel) << text;
  };
  write("plain/pycpack-kept-sources.json",
        R"({"format": "pycpack-kept-sources", "version": 1, "kept": [
  {"path": "p.py", "targets": ["embedded"], "line": 1, "col": 7, "kind": "SyntaxError", "message": "invalid syntax"}
]})");
  write("plain-1.0.dist-info/pycpack-kept-sources.json",
        R"({"kept": [{"path": "plain/__init__.py", "targets": [], "line": 0, "col": 0, "kind": "SyntaxError", "message": "x"}]})");
  Result<InterpreterResult> r = Check({});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->findings.empty()) << r->findings[0].path;
  EXPECT_EQ(r->kept, (std::vector<std::string>{"plain/__init__.py", "plain/p.py"}));
  bool noted = false;
  for (const InfoNote& n : r->info) {
    noted = noted || (n.path == "plain/p.py" &&
                      n.message.find("kept as source on purpose") != std::string::npos &&
                      n.message.find("SyntaxError at 1:7: invalid syntax") != std::string::npos);
  }
  EXPECT_TRUE(noted);
  // A list that is not one is a finding.
  write("ns/pycpack-kept-sources.json", "[1, 2]");
  r = Check({});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->findings.size(), 1u);
  EXPECT_EQ(r->findings[0].kind, "unreadable");
  EXPECT_EQ(r->findings[0].path, "ns/pycpack-kept-sources.json");
}

}  // namespace
}  // namespace pycpack
