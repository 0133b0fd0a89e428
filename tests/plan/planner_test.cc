#include "plan/planner.h"

#include <gtest/gtest.h>

#include "fs/memory_filesystem.h"

namespace pycpack {
namespace {

class PlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs_.AddDir("/w");
    fs_.AddDir("/w/src");
    fs_.AddFile("/w/src/pkg/__init__.py", "");
    fs_.AddFile("/w/src/pkg/mod.py", "x = 1\n");
    fs_.AddFile("/w/src/pkg/a.b.py", "y = 2\n");
    fs_.AddFile("/w/src/pkg/data.json", "{}");
    fs_.AddFile("/w/src/pkg/run.py", "#!/usr/bin/env python3\n", 0755);
    fs_.AddFile("/w/src/pkg/tests/test_mod.py", "");
    fs_.AddFile("/w/src/pkg/__pycache__/mod.cpython-311.pyc", "junk");
    fs_.AddFile("/w/src/pkg/old.pyc", "junk");
    fs_.AddFile("/w/src/ns/sub/leaf.py", "z = 3\n");
    m_.path = "m.json";
    m_.base_dir = "/w";
    Library lib;
    lib.name = "app";
    lib.root = "/w/src";
    lib.json_path = "libraries[0]";
    m_.libraries.push_back(lib);
    Output out;
    out.path = "dist/app.tar";
    out.format = OutputFormat::kTar;
    out.json_path = "outputs[0]";
    m_.outputs.push_back(out);
    ctx_.fs = &fs_;
    ctx_.targets = {{"embedded", "cpython-311", "CPython 3.11", "cp311"}};
  }

  std::vector<std::string> Paths(const Plan& plan, size_t out = 0) {
    std::vector<std::string> p;
    for (const PlannedEntry& e : plan.outputs[out].entries) {
      p.push_back(e.path + (e.source == PlannedEntry::Source::kDirectory ? "/" : ""));
    }
    return p;
  }

  Result<Plan> Make() { return MakePlan(m_, ctx_); }

  MemoryFileSystem fs_;
  Manifest m_;
  PlanContext ctx_;
};

TEST_F(PlannerTest, PyPycLayoutWithLevelsAndExplicitDirectories) {
  m_.libraries[0].settings.mode = Mode::kPyPycChecked;
  m_.libraries[0].settings.optimize = std::vector<int>{0, 2};
  m_.libraries[0].exclude = {"**/tests"};
  Result<Plan> plan = Make();
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Paths(*plan), (std::vector<std::string>{
                              "ns/",
                              "ns/sub/",
                              "ns/sub/__pycache__/",
                              "ns/sub/__pycache__/leaf.cpython-311.opt-2.pyc",
                              "ns/sub/__pycache__/leaf.cpython-311.pyc",
                              "ns/sub/leaf.py",
                              "pkg/",
                              "pkg/__init__.py",
                              "pkg/__pycache__/",
                              "pkg/__pycache__/__init__.cpython-311.opt-2.pyc",
                              "pkg/__pycache__/__init__.cpython-311.pyc",
                              "pkg/__pycache__/a.b.cpython-311.opt-2.pyc",
                              "pkg/__pycache__/a.b.cpython-311.pyc",
                              "pkg/__pycache__/mod.cpython-311.opt-2.pyc",
                              "pkg/__pycache__/mod.cpython-311.pyc",
                              "pkg/__pycache__/run.cpython-311.opt-2.pyc",
                              "pkg/__pycache__/run.cpython-311.pyc",
                              "pkg/a.b.py",
                              "pkg/data.json",
                              "pkg/mod.py",
                              "pkg/run.py",
                          }));
  EXPECT_EQ(plan->jobs.size(), 10u);
  for (const CompileJob& j : plan->jobs) {
    EXPECT_EQ(j.invalidation, Invalidation::kCheckedHash);
    EXPECT_EQ(j.dfile, plan->files[j.file].rel_path);
  }
  EXPECT_EQ(plan->outputs[0].destination, "/w/dist/app.tar");
}

TEST_F(PlannerTest, ModesAndFileModes) {
  m_.libraries[0].include = {"pkg/mod.py", "pkg/run.py", "pkg/data.json"};
  m_.libraries[0].settings.mode = Mode::kPycOnly;
  Result<Plan> plan = Make();
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Paths(*plan), (std::vector<std::string>{
                              "pkg/", "pkg/data.json", "pkg/mod.pyc", "pkg/run.pyc"}));
  for (const CompileJob& j : plan->jobs) {
    EXPECT_EQ(j.invalidation, Invalidation::kUncheckedHash);
  }
  m_.libraries[0].settings.mode = Mode::kPyOnly;
  plan = Make();
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Paths(*plan), (std::vector<std::string>{
                              "pkg/", "pkg/data.json", "pkg/mod.py", "pkg/run.py"}));
  EXPECT_EQ(plan->jobs.size(), 2u);  // syntax checks, shipped nowhere
  m_.libraries[0].settings.check_syntax = false;
  plan = Make();
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->jobs.empty());
  EXPECT_EQ(plan->outputs[0].entries[3].mode, 0755u);  // run.py
  EXPECT_EQ(plan->outputs[0].entries[1].mode, 0644u);
  EXPECT_EQ(plan->outputs[0].entries[0].mode, 0755u);  // directory
}

TEST_F(PlannerTest, PrefixAndSourcePathPrefix) {
  m_.libraries[0].include = {"pkg/mod.py"};
  m_.libraries[0].settings.source_path = SourcePath{false, "/var/task/"};
  m_.outputs[0].prefix = "opt/app/";
  Result<Plan> plan = Make();
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Paths(*plan), (std::vector<std::string>{
                              "opt/", "opt/app/", "opt/app/pkg/",
                              "opt/app/pkg/__pycache__/",
                              "opt/app/pkg/__pycache__/mod.cpython-311.pyc",
                              "opt/app/pkg/mod.py"}));
  ASSERT_EQ(plan->jobs.size(), 1u);
  // co_filename does not depend on the output prefix.
  EXPECT_EQ(plan->jobs[0].dfile, "/var/task/pkg/mod.py");
}

TEST_F(PlannerTest, OutputSelectsLibrariesAndOutputDirApplies) {
  fs_.AddFile("/w/vendor/v.py", "");
  Library v;
  v.name = "vendor";
  v.root = "/w/vendor";
  v.json_path = "libraries[1]";
  m_.libraries.push_back(v);
  m_.outputs[0].libraries = {"vendor"};
  ctx_.output_dir = "/elsewhere";
  Result<Plan> plan = Make();
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Paths(*plan), (std::vector<std::string>{
                              "__pycache__/", "__pycache__/v.cpython-311.pyc", "v.py"}));
  EXPECT_EQ(plan->outputs[0].destination, "/elsewhere/dist/app.tar");
}

TEST_F(PlannerTest, TwoLibrariesWritingOnePathIsAnError) {
  Library again = m_.libraries[0];
  again.name = "again";
  again.json_path = "libraries[1]";
  m_.libraries.push_back(again);
  Result<Plan> plan = Make();
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("comes from both library \"app\" and "
                                         "library \"again\""),
            std::string::npos)
      << plan.status().message();
}

TEST_F(PlannerTest, OutputInsideALibraryRootIsRefused) {
  m_.outputs[0].path = "src/out.tar";
  Result<Plan> plan = Make();
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().ExitCode(), 2);
  EXPECT_NE(plan.status().message().find("outputs[0].path"), std::string::npos);
  m_.outputs[0].path = ".";
  EXPECT_FALSE(Make().ok());
}

TEST_F(PlannerTest, SymlinkInsideRootIsFollowedOutsideIsAnError) {
  fs_.AddSymlink("/w/src/pkg/alias.py", "mod.py");
  Result<Plan> plan = Make();
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  bool found = false;
  for (const SourceFile& f : plan->files) found |= f.rel_path == "pkg/alias.py";
  EXPECT_TRUE(found);
  fs_.AddFile("/w/secret.py", "");
  fs_.AddSymlink("/w/src/pkg/leak.py", "/w/secret.py");
  plan = Make();
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), ErrorCode::kUnsafe);
  EXPECT_NE(plan.status().message().find("/w/src/pkg/leak.py"), std::string::npos)
      << plan.status().message();
  // An excluded symlink is not looked at.
  m_.libraries[0].exclude = {"pkg/leak.py"};
  EXPECT_TRUE(Make().ok());
}

TEST_F(PlannerTest, SymlinkLoopIsAnError) {
  fs_.AddSymlink("/w/src/pkg/loop", "/w/src/pkg");
  Result<Plan> plan = Make();
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("symlink loop"), std::string::npos)
      << plan.status().message();
}

TEST_F(PlannerTest, MissingRootNamesTheLibrary) {
  m_.libraries[0].root = "/w/nope";
  Result<Plan> plan = Make();
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("libraries[0]"), std::string::npos);
  EXPECT_NE(plan.status().message().find("/w/nope"), std::string::npos)
      << plan.status().message();
}

TEST_F(PlannerTest, FileAndDirectoryAtOnePathIsAnError) {
  fs_.AddFile("/w/other/pkg", "i am a file");
  Library o;
  o.name = "other";
  o.root = "/w/other";
  o.json_path = "libraries[1]";
  m_.libraries.push_back(o);
  Result<Plan> plan = Make();
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("both a file and a directory"),
            std::string::npos)
      << plan.status().message();
}

TEST_F(PlannerTest, OutputMayNotOverlapALibraryRoot) {
  m_.outputs[0].path = "src/pkg";
  m_.outputs[0].format = OutputFormat::kDir;
  Result<Plan> plan = Make();
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "m.json: outputs[0].path: '/w/src/pkg' overlaps the root of "
            "library \"app\" ('/w/src')");
}

TEST_F(PlannerTest, OutputMayNotReplaceAWheelOrItsDirectory) {
  fs_.AddFile("/w/dist/w-1.0-py3-none-any.whl", "a wheel");
  fs_.AddFile("/scratch/0/w/__init__.py", "");
  Library w;
  w.name = "w";
  w.wheel = "/w/dist/w-1.0-py3-none-any.whl";
  w.root = "/scratch/0";  // where the build extracted it
  w.json_path = "libraries[1]";
  m_.libraries.push_back(w);
  for (const char* path : {"dist/w-1.0-py3-none-any.whl", "dist"}) {
    m_.outputs[0].path = path;
    Result<Plan> plan = Make();
    ASSERT_FALSE(plan.ok()) << path;
    EXPECT_EQ(plan.status().message(),
              "m.json: outputs[0].path: '/w/" + std::string(path) +
                  "' overlaps the wheel of library \"w\" "
                  "('/w/dist/w-1.0-py3-none-any.whl')");
  }
  m_.outputs[0].path = "dist/w.tar";
  Result<Plan> plan = Make();
  ASSERT_TRUE(plan.ok()) << plan.status().message();
}

}  // namespace
}  // namespace pycpack
