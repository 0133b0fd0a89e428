// Target interpreters: probing, refusals, and foreign workers whose
// (canonicalised) pycs equal those of the embedded interpreter when both are
// the same CPython version.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>

#include "pycpack/pyc.h"
#include "targets/target.h"
#include "util/subprocess.h"
#include "workers/canonical_compiler.h"
#include "workers/pool.h"

namespace pycpack {
namespace {

InterpreterInfo Embedded() {
  Result<std::unique_ptr<Compiler>> c = NewEmbeddedCompiler();
  EXPECT_TRUE(c.ok());
  return (*c)->info();
}

TEST(ProbeTargetTest, EmbeddedNeedsNoProcess) {
  InterpreterInfo info = Embedded();
  Result<Target> t = ProbeTarget({"embedded", "", "targets[0]"}, info, "/");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_TRUE(t->embedded);
  EXPECT_EQ(t->info.cache_tag, info.cache_tag);
  EXPECT_EQ(t->worker_argv, (std::vector<std::string>{"/proc/self/exe", "__worker"}));
}

// The Python pycpack was built against: the same version as the embedded one.
TEST(ProbeTargetTest, TheBuildPythonIsTheEmbeddedVersion) {
  InterpreterInfo embedded = Embedded();
  Result<Target> t = ProbeTarget({"host", PYCPACK_TEST_PYTHON, "targets[1]"}, embedded, "/");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_FALSE(t->embedded);
  EXPECT_EQ(t->info.implementation, "cpython");
  EXPECT_EQ(t->info.version, embedded.version);
  EXPECT_EQ(t->info.magic, embedded.magic);
  EXPECT_EQ(t->info.cache_tag, embedded.cache_tag);
  EXPECT_FALSE(t->info.executable.empty());
  EXPECT_EQ(t->worker_argv.back(), "serve");
  bool seed = false;
  for (const std::string& e : t->worker_env) {
    EXPECT_TRUE(e.rfind("PYTHON", 0) != 0 || e == "PYTHONHASHSEED=0") << e;
    seed = seed || e == "PYTHONHASHSEED=0";
  }
  EXPECT_TRUE(seed);
}

TEST(ProbeTargetTest, MissingAndNonPythonProgramsAreRefusedByName) {
  InterpreterInfo embedded = Embedded();
  Result<Target> missing = ProbeTarget({"py", "no-such-python3.99", "targets[1]"}, embedded, "/");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kUsage);
  EXPECT_EQ(missing.status().message(),
            "target \"py\" (targets[1]): no interpreter 'no-such-python3.99' "
            "(not an executable file in $PATH)");
  Result<Target> not_python = ProbeTarget({"sh", "/bin/false", "--target"}, embedded, "/");
  ASSERT_FALSE(not_python.ok());
  EXPECT_NE(not_python.status().message().find(
                "target \"sh\" (--target): '/bin/false' is not a Python pycpack can "
                "compile with"),
            std::string::npos)
      << not_python.status().message();
}

TEST(ProbeTargetTest, PyPyIsRefusedWithAReason) {
  std::optional<std::string> pypy = FindProgram("pypy3", "/");
  if (!pypy) GTEST_SKIP() << "pypy3 is not installed (Debian package pypy3)";
  Result<Target> t = ProbeTarget({"pypy", *pypy, "targets[1]"}, Embedded(), "/");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("PyPy 3."), std::string::npos) << t.status().message();
  EXPECT_NE(t.status().message().find("is not supported"), std::string::npos);
  EXPECT_NE(t.status().message().find("marshal format of its own"), std::string::npos);
}

TEST(CheckDistinctCacheTagsTest, SameTagIsAnError) {
  Target a, b, c;
  a.name = "embedded";
  a.info.cache_tag = "cpython-311";
  b.name = "py312";
  b.info.cache_tag = "cpython-312";
  c.name = "python3.11";
  c.info.cache_tag = "cpython-311";
  EXPECT_TRUE(CheckDistinctCacheTags({a, b}).ok());
  Status s = CheckDistinctCacheTags({a, b, c});
  EXPECT_EQ(s.message(),
            "targets \"embedded\" and \"python3.11\" have the same cache tag "
            "cpython-311 (their pycs would have the same names); keep one");
}

std::vector<CompileRequest> Requests() {
  std::vector<CompileRequest> r;
  r.push_back({"'''Doc.'''\ndef f(x):\n    '''f doc'''\n    assert x\n    return {1, 'a', 2.5}\n",
               "pkg/m.py", 0, false, Invalidation::kCheckedHash});
  r.push_back({"'''Doc.'''\ndef f(x):\n    '''f doc'''\n    assert x\n", "pkg/m.py", 0, true,
               Invalidation::kUncheckedHash});
  r.push_back({"x = 1\n", "pkg/g.py", 2, false, Invalidation::kUncheckedHash, "raise ImportError\n"});
  r.push_back({"x = (\n", "bad.py", 0, false, Invalidation::kCheckedHash});
  r.push_back({std::string("a = 1\r\nb = '\0'\n", 15), "nul.py", 0, false, Invalidation::kCheckedHash});
  r.push_back({"x = 1 is 1\n", "warn.py", 1, false, Invalidation::kCheckedHash});
  return r;
}

// The same requests through an embedded worker and a foreign worker of the
// same CPython version give the same bytes, errors and warnings.
TEST(ForeignWorkerTest, SameVersionGivesTheEmbeddedBytes) {
  InterpreterInfo embedded = Embedded();
  Result<Target> host = ProbeTarget({"host", PYCPACK_TEST_PYTHON, "t"}, embedded, "/");
  ASSERT_TRUE(host.ok()) << host.status().message();
  WorkerPool::Options o;
  o.groups = {{{PYCPACK_BIN, "__worker"}, {}, false},
              {host->worker_argv, host->worker_env, true}};
  o.workers = 2;
  Result<std::unique_ptr<WorkerPool>> pool = WorkerPool::Start(o);
  ASSERT_TRUE(pool.ok()) << pool.status().message();
  std::vector<CompileRequest> reqs = Requests();
  size_t next = 0;
  std::map<uint64_t, CompileResult> got;
  Status s = (*pool)->Run(
      [&]() -> Result<std::optional<CompileJobRequest>> {
        if (next == 2 * reqs.size()) return std::optional<CompileJobRequest>();
        size_t i = next++;
        return std::optional<CompileJobRequest>(
            CompileJobRequest{i, reqs[i / 2], i % 2});
      },
      [&](uint64_t id, CompileResult r) {
        got.emplace(id, std::move(r));
        return Status::Ok();
      },
      [](uint64_t id) { return "job " + std::to_string(id); });
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(got.size(), 2 * reqs.size());
  for (size_t i = 0; i < reqs.size(); ++i) {
    const CompileResult& mine = got[2 * i];
    const CompileResult& theirs = got[2 * i + 1];
    ASSERT_EQ(mine.pyc.has_value(), theirs.pyc.has_value()) << reqs[i].dfile;
    if (mine.pyc) {
      EXPECT_EQ(*mine.pyc, *theirs.pyc) << reqs[i].dfile;
      Result<PycHeader> h = ParsePycHeader(*theirs.pyc);
      ASSERT_TRUE(h.ok());
      EXPECT_EQ(h->flags, PycFlagsFor(reqs[i].invalidation));
    } else {
      EXPECT_EQ(mine.error.kind, theirs.error.kind) << reqs[i].dfile;
      EXPECT_EQ(mine.error.message, theirs.error.message) << reqs[i].dfile;
      EXPECT_EQ(mine.error.line, theirs.error.line) << reqs[i].dfile;
      EXPECT_EQ(mine.error.col, theirs.error.col) << reqs[i].dfile;
    }
    ASSERT_EQ(mine.warnings.size(), theirs.warnings.size()) << reqs[i].dfile;
    for (size_t w = 0; w < mine.warnings.size(); ++w) {
      EXPECT_EQ(mine.warnings[w].message, theirs.warnings[w].message);
    }
  }
  // The guard-hashed request differs from the plain one only in the hash.
  CompileRequest plain = reqs[2];
  plain.hash_source.reset();
  Result<std::unique_ptr<Compiler>> local = NewEmbeddedCompiler();
  ASSERT_TRUE(local.ok());
  Result<CompileResult> want =
      NewCanonicalCompiler(std::move(local).value())->Compile(plain);
  ASSERT_TRUE(want.ok() && want->pyc && got[5].pyc);
  EXPECT_EQ(got[5].pyc->substr(0, 8), want->pyc->substr(0, 8));
  EXPECT_NE(got[5].pyc->substr(8, 8), want->pyc->substr(8, 8));
  EXPECT_EQ(got[5].pyc->substr(16), want->pyc->substr(16));
  EXPECT_EQ(got[8].error.line, 2);  // the NUL byte, line counted as CPython does
  EXPECT_EQ(got[10].warnings.size(), 1u);
}

}  // namespace
}  // namespace pycpack
