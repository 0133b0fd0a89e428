#include "workers/pool.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "pycpack/pyc.h"

namespace pycpack {
namespace {

CompileRequest Source(size_t i) {
  std::string src = "def f():\n    return " + std::to_string(i) + "\n";
  if (i % 7 == 3) src = "def broken(:\n";
  return CompileRequest{src, "m" + std::to_string(i) + ".py",
                        static_cast<int>(i % 3), false,
                        Invalidation::kCheckedHash};
}

std::vector<std::string> WorkerArgv() { return {PYCPACK_BIN, "__worker"}; }

// Hands out jobs 0..count-1 made by Source().
NextJobFn Jobs(size_t count) {
  auto next = std::make_shared<size_t>(0);
  return [next, count]() -> Result<std::optional<CompileJobRequest>> {
    if (*next == count) return std::optional<CompileJobRequest>();
    size_t i = (*next)++;
    return std::optional<CompileJobRequest>(CompileJobRequest{i, Source(i)});
  };
}


TEST(WorkerPoolTest, ResultsMatchTheInProcessCompiler) {
  WorkerPool::Options o;
  o.groups = {{WorkerArgv()}};
  o.workers = 3;
  Result<std::unique_ptr<WorkerPool>> pool = WorkerPool::Start(o);
  ASSERT_TRUE(pool.ok()) << pool.status().message();
  std::map<uint64_t, CompileResult> got;
  Status s = (*pool)->Run(
      Jobs(40),
      [&](uint64_t i, CompileResult r) {
        EXPECT_TRUE(got.emplace(i, std::move(r)).second);
        return Status::Ok();
      },
      [](uint64_t i) { return "m" + std::to_string(i) + ".py"; });
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(got.size(), 40u);
  Result<std::unique_ptr<Compiler>> local = NewEmbeddedCompiler();
  ASSERT_TRUE(local.ok());
  for (auto& [i, r] : got) {
    Result<CompileResult> want = (*local)->Compile(Source(i));
    ASSERT_TRUE(want.ok());
    EXPECT_EQ(r.pyc.has_value(), want->pyc.has_value()) << i;
    if (r.pyc && want->pyc) {
      // Headers are identical; the marshal stream may differ only where
      // process history leaks in (see docs/canonical-pyc.md).
      EXPECT_EQ(r.pyc->substr(0, kPycHeaderSize), want->pyc->substr(0, kPycHeaderSize));
    } else {
      EXPECT_EQ(r.error.line, want->error.line);
      EXPECT_EQ(r.error.kind, "SyntaxError");
    }
  }
}

TEST(WorkerPoolTest, ACrashingWorkerIsAnErrorNamingTheFile) {
  WorkerPool::Options o;
  o.groups = {{{"/bin/sh", "-c", "read -r x; kill -9 $$"}}};
  o.workers = 1;
  Result<std::unique_ptr<WorkerPool>> pool = WorkerPool::Start(o);
  ASSERT_TRUE(pool.ok());
  Status s = (*pool)->Run(
      Jobs(3), [](uint64_t, CompileResult) { return Status::Ok(); },
      [](uint64_t i) { return "pkg/file" + std::to_string(i) + ".py"; });
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("pkg/file0.py"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("signal 9"), std::string::npos) << s.message();
}

TEST(WorkerPoolTest, AHangingWorkerTimesOut) {
  WorkerPool::Options o;
  o.groups = {{{"/bin/sleep", "30"}}};
  o.workers = 1;
  o.timeout_seconds = 1;
  Result<std::unique_ptr<WorkerPool>> pool = WorkerPool::Start(o);
  ASSERT_TRUE(pool.ok());
  Status s = (*pool)->Run(
      Jobs(1), [](uint64_t, CompileResult) { return Status::Ok(); },
      [](uint64_t) { return std::string("slow.py"); });
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("did not answer within 1 s while compiling slow.py"),
            std::string::npos)
      << s.message();
}

TEST(WorkerPoolTest, GarbageFromAWorkerIsAnError) {
  WorkerPool::Options o;
  o.groups = {{{"/bin/sh", "-c", "head -c 4 >/dev/null; printf '\\002\\000\\000\\000zz'; sleep 5"}}};
  o.workers = 1;
  Result<std::unique_ptr<WorkerPool>> pool = WorkerPool::Start(o);
  ASSERT_TRUE(pool.ok());
  Status s = (*pool)->Run(
      Jobs(1), [](uint64_t, CompileResult) { return Status::Ok(); },
      [](uint64_t) { return std::string("odd.py"); });
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("garbage while compiling odd.py"), std::string::npos)
      << s.message();
}

TEST(WorkerPoolTest, AMissingWorkerProgramFailsToStart) {
  WorkerPool::Options o;
  o.groups = {{{"/nonexistent/pycpack-worker"}}};
  Result<std::unique_ptr<WorkerPool>> pool = WorkerPool::Start(o);
  ASSERT_FALSE(pool.ok());
  EXPECT_NE(pool.status().message().find("/nonexistent/pycpack-worker"),
            std::string::npos);
}

}  // namespace
}  // namespace pycpack
