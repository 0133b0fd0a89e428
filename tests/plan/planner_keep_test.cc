// MakePlan under on_compile_error "keep-source" and the syntax check of
// py-only libraries: conditional entries and their units, the list of kept
// sources, which jobs are fatal.
#include <gtest/gtest.h>

#include "fs/memory_filesystem.h"
#include "plan/kept_sources.h"
#include "plan/planner.h"

namespace pycpack {
namespace {

using Source = PlannedEntry::Source;
using When = PlannedEntry::When;

class PlannerKeepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs_.AddDir("/w");
    fs_.AddFile("/w/src/pkg/__init__.py", "");
    fs_.AddFile("/w/src/pkg/mod.py", "x = 1\n");
    fs_.AddFile("/w/src/pkg/data.txt", "d");
    m_.path = "m.json";
    m_.base_dir = "/w";
    Library lib;
    lib.name = "app";
    lib.root = "/w/src";
    lib.json_path = "libraries[0]";
    m_.libraries.push_back(lib);
    Output out;
    out.path = "dist/app";
    out.prefix = "opt/app/";
    out.json_path = "outputs[0]";
    m_.outputs.push_back(out);
    ctx_.fs = &fs_;
    ctx_.targets = {{"embedded", "cpython-311", "CPython 3.11", "cp311"}};
  }

  void KeepSource(Mode mode) {
    m_.libraries[0].settings.mode = mode;
    m_.libraries[0].settings.on_compile_error = CompileErrorPolicy::kKeepSource;
  }

  void TwoTargets() {
    m_.targets = {{"embedded", "", "targets[0]"}, {"py38", "python3.8", "targets[1]"}};
    ctx_.targets.push_back({"py38", "cpython-38", "CPython 3.8", "cp38"});
  }

  Plan Planned() {
    Result<Plan> plan = MakePlan(m_, ctx_);
    EXPECT_TRUE(plan.ok()) << plan.status().message();
    return plan.ok() ? std::move(plan).value() : Plan{};
  }

  static const PlannedEntry& Entry(const Plan& plan, const std::string& path,
                                   size_t out = 0) {
    for (const PlannedEntry& e : plan.outputs[out].entries) {
      if (e.path == path) return e;
    }
    ADD_FAILURE() << "no entry " << path;
    static PlannedEntry none;
    return none;
  }

  static bool Has(const Plan& plan, const std::string& path, size_t out = 0) {
    for (const PlannedEntry& e : plan.outputs[out].entries) {
      if (e.path == path) return true;
    }
    return false;
  }

  MemoryFileSystem fs_;
  Manifest m_;
  PlanContext ctx_;
};

TEST_F(PlannerKeepTest, FailIsTheDefaultAndPlansNothingConditional) {
  Plan plan = Planned();
  EXPECT_TRUE(plan.outputs[0].units.empty());
  EXPECT_FALSE(Has(plan, "opt/app/pycpack-kept-sources.json"));
  for (const PlannedEntry& e : plan.outputs[0].entries) {
    EXPECT_EQ(e.when, When::kAlways) << e.path;
  }
  for (const CompileJob& j : plan.jobs) EXPECT_TRUE(j.fatal);
}

TEST_F(PlannerKeepTest, PyPycPycsAndTheirCacheDirectoryDependOnTheUnit) {
  KeepSource(Mode::kPyPycChecked);
  m_.libraries[0].settings.optimize = std::vector<int>{0, 1};
  Plan plan = Planned();
  const PlannedOutput& out = plan.outputs[0];
  ASSERT_EQ(out.units.size(), 2u);  // __init__.py and mod.py
  const PlannedUnit& mod = out.units[1];
  EXPECT_EQ(mod.path, "opt/app/pkg/mod.py");
  EXPECT_EQ(mod.jobs.size(), 2u);  // levels 0 and 1
  const PlannedEntry& pyc = Entry(plan, "opt/app/pkg/__pycache__/mod.cpython-311.opt-1.pyc");
  EXPECT_EQ(pyc.when, When::kIfCompiled);
  EXPECT_EQ(pyc.units, std::vector<size_t>{1});
  EXPECT_EQ(Entry(plan, "opt/app/pkg/mod.py").when, When::kAlways);
  EXPECT_EQ(Entry(plan, "opt/app/pkg/data.txt").when, When::kAlways);
  const PlannedEntry& cache_dir = Entry(plan, "opt/app/pkg/__pycache__");
  EXPECT_EQ(cache_dir.when, When::kIfCompiled);
  EXPECT_EQ(cache_dir.units, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(Entry(plan, "opt/app/pkg").when, When::kAlways);
  for (const CompileJob& j : plan.jobs) EXPECT_FALSE(j.fatal);
  // The list comes last, at the prefix.
  const PlannedEntry& list = out.entries.back();
  EXPECT_EQ(list.path, "opt/app/pycpack-kept-sources.json");
  EXPECT_EQ(list.source, Source::kKeptList);
  EXPECT_EQ(list.when, When::kIfAnyKept);
}

TEST_F(PlannerKeepTest, PycOnlyForOneTargetPlansTheSourceWhereThePycWouldBe) {
  KeepSource(Mode::kPycOnly);
  Plan plan = Planned();
  const PlannedEntry& source = Entry(plan, "opt/app/pkg/mod.py");
  EXPECT_EQ(source.source, Source::kFile);
  EXPECT_EQ(source.when, When::kIfKept);
  const PlannedEntry& pyc = Entry(plan, "opt/app/pkg/mod.pyc");
  EXPECT_EQ(pyc.when, When::kIfCompiled);
  EXPECT_EQ(source.units, pyc.units);
  EXPECT_EQ(Entry(plan, "opt/app/pkg").when, When::kAlways);
}

TEST_F(PlannerKeepTest, PycOnlyForSeveralTargetsTurnsTheGuardIntoTheSource) {
  TwoTargets();
  KeepSource(Mode::kPycOnly);
  Plan plan = Planned();
  const PlannedEntry& guard = Entry(plan, "opt/app/pkg/mod.py");
  EXPECT_EQ(guard.source, Source::kGenerated);
  EXPECT_EQ(guard.when, When::kOrSource);
  const PlannedUnit& unit = plan.outputs[0].units[guard.units.at(0)];
  EXPECT_EQ(plan.files[unit.file].rel_path, "pkg/mod.py");
  EXPECT_EQ(unit.jobs.size(), 2u);  // one per target, shared by 3 names
  EXPECT_EQ(Entry(plan, "opt/app/pkg/__pycache__/mod.cpython-38.opt-2.pyc").when,
            When::kIfCompiled);
}

TEST_F(PlannerKeepTest, PyOnlyIsSyntaxCheckedPerTargetUnlessTurnedOff) {
  TwoTargets();
  m_.libraries[0].settings.mode = Mode::kPyOnly;
  Plan plan = Planned();
  ASSERT_EQ(plan.jobs.size(), 4u);  // two sources, two targets
  for (const CompileJob& j : plan.jobs) {
    EXPECT_EQ(j.optimize, 0);
    EXPECT_TRUE(j.fatal);
  }
  EXPECT_EQ(plan.jobs[1].path, "pkg/__pycache__/__init__.cpython-38.pyc");
  for (const PlannedEntry& e : plan.outputs[0].entries) {
    EXPECT_NE(e.source, Source::kPyc) << e.path;
  }
  EXPECT_TRUE(plan.outputs[0].units.empty());

  m_.libraries[0].settings.check_syntax = false;
  EXPECT_TRUE(Planned().jobs.empty());
}

TEST_F(PlannerKeepTest, PyOnlyWithKeepSourceHasUnitsAndAList) {
  KeepSource(Mode::kPyOnly);
  Plan plan = Planned();
  ASSERT_EQ(plan.outputs[0].units.size(), 2u);
  EXPECT_EQ(plan.outputs[0].units[1].jobs.size(), 1u);
  EXPECT_EQ(Entry(plan, "opt/app/pkg/mod.py").when, When::kAlways);
  EXPECT_TRUE(Has(plan, "opt/app/pycpack-kept-sources.json"));
  for (const CompileJob& j : plan.jobs) EXPECT_FALSE(j.fatal);
}

TEST_F(PlannerKeepTest, AJobAnotherOutputMustCompileIsFatal) {
  KeepSource(Mode::kPyPycChecked);
  m_.variants.push_back({"strict", {}, std::nullopt, false, "variants.strict"});
  m_.variants[0].settings.on_compile_error = CompileErrorPolicy::kKeepSource;
  Output strict = m_.outputs[0];
  strict.path = "dist/strict";
  strict.json_path = "outputs[1]";
  strict.variant = "strict";
  m_.outputs.push_back(strict);
  m_.libraries[0].settings.on_compile_error.reset();
  m_.defaults.on_compile_error = CompileErrorPolicy::kFail;
  Plan plan = Planned();
  // The variant keeps sources, the manifest's defaults do not: the jobs
  // are shared and fail the build.
  EXPECT_TRUE(plan.outputs[0].units.empty());
  EXPECT_EQ(plan.outputs[1].units.size(), 2u);
  ASSERT_EQ(plan.jobs.size(), 2u);
  for (const CompileJob& j : plan.jobs) EXPECT_TRUE(j.fatal);
}

TEST_F(PlannerKeepTest, ACacheDirectoryWithAPycThatAlwaysShipsIsUnconditional) {
  fs_.AddFile("/w/other/pkg/b.py", "y = 2\n");
  Library other;
  other.name = "other";
  other.root = "/w/other";
  other.json_path = "libraries[1]";
  m_.libraries.push_back(other);
  KeepSource(Mode::kPyPycChecked);
  Plan plan = Planned();
  EXPECT_EQ(Entry(plan, "opt/app/pkg/__pycache__/b.cpython-311.pyc").when, When::kAlways);
  EXPECT_EQ(Entry(plan, "opt/app/pkg/__pycache__").when, When::kAlways);
}

TEST_F(PlannerKeepTest, ALibraryFileWhereTheListGoesIsRefused) {
  fs_.AddFile("/w/src/pycpack-kept-sources.json", "{}");
  KeepSource(Mode::kPyPycChecked);
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find(
                "m.json: outputs[0]: 'opt/app/pycpack-kept-sources.json' is where "
                "pycpack lists the sources it keeps"),
            std::string::npos)
      << plan.status().message();
  // Without keep-source it is an ordinary file.
  m_.libraries[0].settings.on_compile_error.reset();
  EXPECT_EQ(Entry(Planned(), "opt/app/pycpack-kept-sources.json").source, Source::kFile);
}

TEST_F(PlannerKeepTest, AWheelListsKeptSourcesInItsDistInfoAndRecord) {
  KeepSource(Mode::kPycOnly);
  m_.outputs[0].format = OutputFormat::kWheel;
  m_.outputs[0].prefix = "";
  m_.outputs[0].wheel.name = "app";
  m_.outputs[0].wheel.version = "1.0";
  Plan plan = Planned();
  const PlannedEntry& list = Entry(plan, "app-1.0.dist-info/pycpack-kept-sources.json");
  EXPECT_EQ(list.source, Source::kKeptList);
  const PlannedEntry& record = Entry(plan, "app-1.0.dist-info/RECORD");
  const std::vector<std::string>& rows = plan.outputs[0].records[record.index].rows;
  for (const char* row : {"app-1.0.dist-info/pycpack-kept-sources.json", "pkg/mod.py",
                          "pkg/mod.pyc"}) {
    EXPECT_NE(std::find(rows.begin(), rows.end(), row), rows.end()) << row;
  }
}

TEST(KeptListTest, PathsAreRelativeToTheListOrItsDistInfosParent) {
  EXPECT_EQ(KeptListBase("opt/app/pycpack-kept-sources.json"), "opt/app");
  EXPECT_EQ(KeptListBase("pycpack-kept-sources.json"), "");
  EXPECT_EQ(KeptListBase("p/app-1.0.dist-info/pycpack-kept-sources.json"), "p");
}

TEST(KeptListTest, TextIsSortedJsonWithUndecodableBytesAsSurrogates) {
  std::string text = KeptListText(
      {{"z.py", {"py38", "py312"}, {"SyntaxError", "invalid \"syntax\"", 2, 11}},
       {"a\xff.py", {"embedded"}, {"SyntaxError", "tab\there", 1, 0}}});
  EXPECT_EQ(text,
            "{\"format\": \"pycpack-kept-sources\", \"version\": 1, \"kept\": [\n"
            "  {\"path\": \"a\\udcff.py\", \"targets\": [\"embedded\"], \"line\": 1, "
            "\"col\": 0, \"kind\": \"SyntaxError\", \"message\": \"tab\\u0009here\"},\n"
            "  {\"path\": \"z.py\", \"targets\": [\"py38\", \"py312\"], \"line\": 2, "
            "\"col\": 11, \"kind\": \"SyntaxError\", \"message\": "
            "\"invalid \\\"syntax\\\"\"}\n"
            "]}\n");
}

}  // namespace
}  // namespace pycpack
