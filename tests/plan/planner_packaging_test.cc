// MakePlan for packaging: RECORDs of installed trees, wheel outputs, and
// variants sharing compile jobs.
#include <gtest/gtest.h>

#include <algorithm>

#include "fs/memory_filesystem.h"
#include "plan/planner.h"

namespace pycpack {
namespace {

class PlannerPackagingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs_.AddDir("/w");
    fs_.AddFile("/w/site/pkg/__init__.py", "");
    fs_.AddFile("/w/site/pkg/mod.py", "x = 1\n");
    fs_.AddFile("/w/site/pkg/_speed.so", "ELF", 0755);
    fs_.AddFile("/w/site/pkg/__pycache__/mod.cpython-311.pyc", "old");
    fs_.AddFile("/w/site/pkg-1.0.dist-info/METADATA", "Name: pkg\n");
    fs_.AddFile("/w/site/pkg-1.0.dist-info/INSTALLER", "pip\n");
    fs_.AddFile("/w/site/pkg-1.0.dist-info/WHEEL",
                "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
    fs_.AddFile("/w/site/pkg-1.0.dist-info/RECORD",
                "pkg/__init__.py,sha256=a,0\npkg/mod.py,sha256=b,6\n"
                "pkg/_speed.so,sha256=c,3\n"
                "pkg/__pycache__/mod.cpython-311.pyc,,\n"
                "../../bin/pkg-tool,sha256=d,9\n"
                "pkg-1.0.dist-info/METADATA,sha256=e,10\n"
                "pkg-1.0.dist-info/INSTALLER,sha256=f,4\n"
                "pkg-1.0.dist-info/RECORD,,\n");
    fs_.AddFile("/w/site/other.py", "y = 2\n");
    m_.path = "m.json";
    m_.base_dir = "/w";
    Library lib;
    lib.name = "site";
    lib.root = "/w/site";
    lib.json_path = "libraries[0]";
    m_.libraries.push_back(lib);
    ctx_.fs = &fs_;
    ctx_.targets = {{"embedded", "cpython-311", "CPython 3.11", "cp311"}};
    ctx_.generator = "pycpack 9.9";
  }

  void AddOutput(OutputFormat format, const std::string& path) {
    Output out;
    out.path = path;
    out.format = format;
    out.json_path = "outputs[" + std::to_string(m_.outputs.size()) + "]";
    m_.outputs.push_back(out);
  }

  static std::vector<std::string> Paths(const PlannedOutput& out) {
    std::vector<std::string> p;
    for (const PlannedEntry& e : out.entries) {
      if (e.source != PlannedEntry::Source::kDirectory) p.push_back(e.path);
    }
    return p;
  }

  static const PlannedEntry* Find(const PlannedOutput& out, const std::string& path) {
    for (const PlannedEntry& e : out.entries) {
      if (e.path == path) return &e;
    }
    return nullptr;
  }

  MemoryFileSystem fs_;
  Manifest m_;
  PlanContext ctx_;
};

TEST_F(PlannerPackagingTest, InstalledRecordListsWhatIsShippedOfTheDistribution) {
  m_.libraries[0].settings.mode = Mode::kPycOnly;
  AddOutput(OutputFormat::kLambdaLayer, "layer.zip");
  m_.outputs[0].prefix = "python/";
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  const PlannedOutput& out = plan->outputs[0];
  // .dist-info last; the input's pyc is not shipped.
  EXPECT_EQ(Paths(out), (std::vector<std::string>{
                            "python/other.pyc",
                            "python/pkg/__init__.pyc",
                            "python/pkg/_speed.so",
                            "python/pkg/mod.pyc",
                            "python/pkg-1.0.dist-info/INSTALLER",
                            "python/pkg-1.0.dist-info/METADATA",
                            "python/pkg-1.0.dist-info/RECORD",
                            "python/pkg-1.0.dist-info/WHEEL",
                        }));
  const PlannedEntry* record = Find(out, "python/pkg-1.0.dist-info/RECORD");
  ASSERT_NE(record, nullptr);
  ASSERT_EQ(record->source, PlannedEntry::Source::kRecord);
  const PlannedRecord& r = out.records[record->index];
  EXPECT_EQ(r.prefix, "python/");
  // other.pyc belongs to no distribution; WHEEL is listed as a file of the
  // .dist-info although the old RECORD did not name it.
  EXPECT_EQ(r.rows, (std::vector<std::string>{
                        "python/pkg-1.0.dist-info/INSTALLER",
                        "python/pkg-1.0.dist-info/METADATA",
                        "python/pkg-1.0.dist-info/WHEEL",
                        "python/pkg/__init__.pyc",
                        "python/pkg/_speed.so",
                        "python/pkg/mod.pyc",
                    }));
}

TEST_F(PlannerPackagingTest, ExcludedFilesAreNotListed) {
  m_.libraries[0].settings.mode = Mode::kPyPycChecked;
  m_.libraries[0].exclude = {"pkg/_speed.so"};
  AddOutput(OutputFormat::kDir, "out");
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  const PlannedOutput& out = plan->outputs[0];
  const PlannedRecord& r = out.records.at(0);
  EXPECT_EQ(std::count(r.rows.begin(), r.rows.end(), "pkg/_speed.so"), 0);
  EXPECT_EQ(std::count(r.rows.begin(), r.rows.end(), "pkg/mod.py"), 1);
  EXPECT_EQ(std::count(r.rows.begin(), r.rows.end(),
                       "pkg/__pycache__/mod.cpython-311.pyc"), 1);
}

TEST_F(PlannerPackagingTest, WheelFromAnInstalledDistributionKeepsItsMetadata) {
  m_.libraries[0].settings.mode = Mode::kPycOnly;
  m_.libraries[0].include = {"pkg", "pkg-1.0.dist-info"};
  AddOutput(OutputFormat::kWheel, "dist");
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  const PlannedOutput& out = plan->outputs[0];
  EXPECT_EQ(out.destination, "/w/dist/pkg-1.0-cp311-none-any.whl");
  EXPECT_EQ(Paths(out), (std::vector<std::string>{
                            "pkg/__init__.pyc", "pkg/_speed.so", "pkg/mod.pyc",
                            "pkg-1.0.dist-info/METADATA",
                            "pkg-1.0.dist-info/RECORD",
                            "pkg-1.0.dist-info/WHEEL"}));
  EXPECT_EQ(Find(out, "pkg-1.0.dist-info/METADATA")->source, PlannedEntry::Source::kFile);
  const PlannedEntry* wheel = Find(out, "pkg-1.0.dist-info/WHEEL");
  ASSERT_EQ(wheel->source, PlannedEntry::Source::kGenerated);
  EXPECT_EQ(plan->generated[wheel->index],
            "Wheel-Version: 1.0\nGenerator: pycpack 9.9\nRoot-Is-Purelib: true\n"
            "Tag: cp311-none-any\n");
  const PlannedRecord& r = out.records.at(0);
  EXPECT_EQ(r.rows.size(), 5u);  // every file but RECORD
  EXPECT_TRUE(plan->warnings.empty());
}

TEST_F(PlannerPackagingTest, WheelFromSourcesNeedsNameAndVersion) {
  m_.libraries[0].include = {"other.py"};
  AddOutput(OutputFormat::kWheel, "dist");
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "m.json: outputs[0]: a wheel needs \"name\" and \"version\" (its "
            "libraries hold no .dist-info to take them from)");
  m_.outputs[0].wheel.name = "My.App";
  m_.outputs[0].wheel.version = "2.0";
  plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  const PlannedOutput& out = plan->outputs[0];
  EXPECT_EQ(out.destination, "/w/dist/my_app-2.0-cp311-none-any.whl");
  EXPECT_EQ(Paths(out), (std::vector<std::string>{
                            "__pycache__/other.cpython-311.pyc", "other.py",
                            "my_app-2.0.dist-info/METADATA",
                            "my_app-2.0.dist-info/RECORD",
                            "my_app-2.0.dist-info/WHEEL"}));
  // __pycache__ pycs in a wheel: installers drop them.
  ASSERT_EQ(plan->warnings.size(), 1u);
  EXPECT_NE(plan->warnings[0].find("a pyc-only wheel for one target holds sourceless .pyc"), std::string::npos);
  m_.libraries[0].settings.mode = Mode::kPyOnly;
  plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->outputs[0].destination, "/w/dist/my_app-2.0-py3-none-any.whl");
  EXPECT_TRUE(plan->warnings.empty());
}

TEST_F(PlannerPackagingTest, WheelWithExistingDistInfoRefusesANewName) {
  AddOutput(OutputFormat::kWheel, "dist");
  m_.outputs[0].wheel.name = "x";
  m_.outputs[0].wheel.version = "1";
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("takes them from pkg-1.0.dist-info"),
            std::string::npos) << plan.status().message();
}

TEST_F(PlannerPackagingTest, VariantsShareIdenticalJobs) {
  m_.libraries[0].include = {"other.py"};
  m_.variants = {{"release", {}, Mode::kPycOnly, false, "variants.release"},
                 {"also", {}, Mode::kPycOnly, false, "variants.also"},
                 {"debug", {Mode::kPyPycChecked, std::vector<int>{0, 1}, {}, {}},
                  std::nullopt, false, "variants.debug"}};
  for (const char* v : {"release", "also", "debug"}) {
    AddOutput(OutputFormat::kDir, std::string("out-") + v);
    m_.outputs.back().variant = v;
  }
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Paths(plan->outputs[0]), std::vector<std::string>{"other.pyc"});
  EXPECT_EQ(Paths(plan->outputs[2]),
            (std::vector<std::string>{"__pycache__/other.cpython-311.opt-1.pyc",
                                      "__pycache__/other.cpython-311.pyc",
                                      "other.py"}));
  // release and also want the same pyc: 1 job; debug 2 (checked, 2 levels).
  EXPECT_EQ(plan->jobs.size(), 3u);
  EXPECT_EQ(plan->outputs[0].entries[0].index, plan->outputs[1].entries[0].index);
}

}  // namespace
}  // namespace pycpack
