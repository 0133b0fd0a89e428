// MakePlan with several target interpreters: tagged pycs per target, the
// guard layout of pyc-only, outputs selecting targets, shared jobs.
#include <gtest/gtest.h>

#include "fs/memory_filesystem.h"
#include "plan/planner.h"

namespace pycpack {
namespace {

class PlannerTargetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs_.AddDir("/w");
    fs_.AddFile("/w/src/pkg/mod.py", "x = 1\n");
    fs_.AddFile("/w/src/pkg/data.txt", "d");
    m_.path = "m.json";
    m_.base_dir = "/w";
    Library lib;
    lib.name = "app";
    lib.root = "/w/src";
    lib.json_path = "libraries[0]";
    m_.libraries.push_back(lib);
    m_.targets = {{"embedded", "", "targets[0]"},
                  {"py312", "python3.12", "targets[1]"}};
    Output out;
    out.path = "dist/all";
    out.json_path = "outputs[0]";
    m_.outputs.push_back(out);
    ctx_.fs = &fs_;
    ctx_.targets = {{"embedded", "cpython-311", "CPython 3.11", "cp311"},
                    {"py312", "cpython-312", "CPython 3.12", "cp312"}};
  }

  std::vector<std::string> Paths(const Plan& plan, size_t out = 0) {
    std::vector<std::string> p;
    for (const PlannedEntry& e : plan.outputs[out].entries) {
      if (e.source != PlannedEntry::Source::kDirectory) p.push_back(e.path);
    }
    return p;
  }

  const PlannedEntry& Entry(const Plan& plan, const std::string& path,
                            size_t out = 0) {
    for (const PlannedEntry& e : plan.outputs[out].entries) {
      if (e.path == path) return e;
    }
    ADD_FAILURE() << "no entry " << path;
    static PlannedEntry none;
    return none;
  }

  // Adds an output like the first one holding only target "py312".
  void AddOutputFor312() {
    Output only312 = m_.outputs[0];
    only312.path = "dist/312";
    only312.json_path = "outputs[1]";
    only312.targets = {"py312"};
    m_.outputs.push_back(only312);
  }

  MemoryFileSystem fs_;
  Manifest m_;
  PlanContext ctx_;
};

TEST_F(PlannerTargetsTest, PyPycGetsOnePycPerTargetAndLevel) {
  m_.libraries[0].settings.mode = Mode::kPyPycUnchecked;
  m_.libraries[0].settings.optimize = std::vector<int>{0, 1};
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Paths(*plan), (std::vector<std::string>{
                              "pkg/__pycache__/mod.cpython-311.opt-1.pyc",
                              "pkg/__pycache__/mod.cpython-311.pyc",
                              "pkg/__pycache__/mod.cpython-312.opt-1.pyc",
                              "pkg/__pycache__/mod.cpython-312.pyc",
                              "pkg/data.txt",
                              "pkg/mod.py",
                          }));
  ASSERT_EQ(plan->jobs.size(), 4u);
  const CompileJob& j = plan->jobs[Entry(*plan, "pkg/__pycache__/mod.cpython-312.opt-1.pyc").index];
  EXPECT_EQ(j.target, 1u);
  EXPECT_EQ(j.optimize, 1);
  EXPECT_EQ(j.guard, -1);
  EXPECT_EQ(j.invalidation, Invalidation::kUncheckedHash);
}

TEST_F(PlannerTargetsTest, PycOnlyForOneTargetIsSourceless) {
  m_.libraries[0].settings.mode = Mode::kPycOnly;
  m_.outputs[0].targets = {"py312"};
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Paths(*plan), (std::vector<std::string>{"pkg/data.txt", "pkg/mod.pyc"}));
  ASSERT_EQ(plan->jobs.size(), 1u);
  EXPECT_EQ(plan->jobs[0].target, 1u);
  EXPECT_TRUE(plan->generated.empty());
}

TEST_F(PlannerTargetsTest, PycOnlyForSeveralTargetsShipsAGuardAndEveryLevelName) {
  m_.libraries[0].settings.mode = Mode::kPycOnly;
  m_.libraries[0].settings.optimize = std::vector<int>{2};
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Paths(*plan), (std::vector<std::string>{
                              "pkg/__pycache__/mod.cpython-311.opt-1.pyc",
                              "pkg/__pycache__/mod.cpython-311.opt-2.pyc",
                              "pkg/__pycache__/mod.cpython-311.pyc",
                              "pkg/__pycache__/mod.cpython-312.opt-1.pyc",
                              "pkg/__pycache__/mod.cpython-312.opt-2.pyc",
                              "pkg/__pycache__/mod.cpython-312.pyc",
                              "pkg/data.txt",
                              "pkg/mod.py",
                          }));
  const PlannedEntry& guard = Entry(*plan, "pkg/mod.py");
  ASSERT_EQ(guard.source, PlannedEntry::Source::kGenerated);
  const std::string& text = plan->generated[guard.index];
  EXPECT_NE(text.find("raise ImportError("), std::string::npos);
  EXPECT_NE(text.find("CPython 3.11, CPython 3.12"), std::string::npos) << text;
  // One job per target, compiled at the library's level, shared by the
  // three names; the hash covers the guard.
  ASSERT_EQ(plan->jobs.size(), 2u);
  for (const CompileJob& j : plan->jobs) {
    EXPECT_EQ(j.optimize, 2);
    EXPECT_EQ(j.guard, static_cast<int>(guard.index));
    EXPECT_EQ(j.invalidation, Invalidation::kUncheckedHash);
  }
  EXPECT_EQ(Entry(*plan, "pkg/__pycache__/mod.cpython-312.pyc").index,
            Entry(*plan, "pkg/__pycache__/mod.cpython-312.opt-1.pyc").index);
}

TEST_F(PlannerTargetsTest, OutputsShareJobsOfTheSameTarget) {
  m_.libraries[0].settings.mode = Mode::kPyPycChecked;
  AddOutputFor312();
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(plan->jobs.size(), 2u);  // mod.py for 3.11 and for 3.12
  EXPECT_EQ(Paths(*plan, 1), (std::vector<std::string>{
                                 "pkg/__pycache__/mod.cpython-312.pyc",
                                 "pkg/data.txt", "pkg/mod.py"}));
  EXPECT_EQ(Entry(*plan, "pkg/__pycache__/mod.cpython-312.pyc", 0).index,
            Entry(*plan, "pkg/__pycache__/mod.cpython-312.pyc", 1).index);
}

TEST_F(PlannerTargetsTest, MixedOutputsOfPycOnlyKeepSeparateJobs) {
  // A sourceless pyc hashes its source; the guard layout hashes the guard.
  m_.libraries[0].settings.mode = Mode::kPycOnly;
  AddOutputFor312();
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(plan->jobs.size(), 3u);
  const CompileJob& sourceless = plan->jobs[Entry(*plan, "pkg/mod.pyc", 1).index];
  EXPECT_EQ(sourceless.guard, -1);
  EXPECT_EQ(sourceless.target, 1u);
}

TEST_F(PlannerTargetsTest, EveryManifestTargetNeedsAPlanTarget) {
  ctx_.targets.pop_back();
  EXPECT_FALSE(MakePlan(m_, ctx_).ok());
}

}  // namespace
}  // namespace pycpack
