// MakePlan for libraries with "files": the listed files replace the walk.
#include <gtest/gtest.h>

#include "fs/memory_filesystem.h"
#include "plan/planner.h"

namespace pycpack {
namespace {

// A Bazel-like layout: the execroot /x holds symlinks to the workspace /ws
// (undeclared files sit beside them) and a bin directory for outputs and
// generated sources.
class PlannerFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs_.AddFile("/ws/pkg/src/app/__init__.py", "");
    fs_.AddFile("/ws/pkg/src/app/mod.py", "x = 1\n");
    fs_.AddFile("/ws/pkg/src/app/tool.py", "#!/usr/bin/env python3\n", 0755);
    fs_.AddFile("/ws/pkg/src/app/undeclared.py", "");
    fs_.AddFile("/ws/pkg/src/app/data.txt", "d");
    fs_.AddDir("/x/pkg/src/app");
    for (const char* f : {"__init__.py", "mod.py", "tool.py", "data.txt"}) {
      fs_.AddSymlink(std::string("/x/pkg/src/app/") + f,
                     std::string("/ws/pkg/src/app/") + f);
    }
    fs_.AddFile("/x/bin/pkg/gen/app_pb2.py", "y = 2\n");
    m_.path = "m.json";
    m_.base_dir = "/x/bin/pkg";
    Library lib;
    lib.name = "app";
    lib.root = "/x/pkg/src";
    lib.files = {"app/mod.py", "app/__init__.py", "app/tool.py", "app/data.txt"};
    lib.json_path = "libraries[0]";
    m_.libraries.push_back(lib);
    Output out;
    out.path = "app.tar";
    out.format = OutputFormat::kTar;
    out.json_path = "outputs[0]";
    m_.outputs.push_back(out);
    ctx_.fs = &fs_;
    ctx_.targets = {{"embedded", "cpython-311", "CPython 3.11", "cp311"}};
  }

  std::vector<std::string> Files(const Plan& plan) {
    std::vector<std::string> p;
    for (const PlannedEntry& e : plan.outputs[0].entries) {
      if (e.source != PlannedEntry::Source::kDirectory) p.push_back(e.path);
    }
    return p;
  }

  Status ErrorOf() {
    Result<Plan> plan = MakePlan(m_, ctx_);
    return plan.ok() ? Status::Ok() : plan.status();
  }

  MemoryFileSystem fs_;
  Manifest m_;
  PlanContext ctx_;
};

TEST_F(PlannerFilesTest, ListedFilesAreReadThroughSymlinksAndNothingElse) {
  m_.libraries[0].settings.mode = Mode::kPycOnly;
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(Files(*plan),
            (std::vector<std::string>{"app/__init__.pyc", "app/data.txt",
                                      "app/mod.pyc", "app/tool.pyc"}));
  ASSERT_EQ(plan->files.size(), 4u);
  // Sorted as a walk would be; modes come from the symlinks' targets.
  EXPECT_EQ(plan->files[0].rel_path, "app/__init__.py");
  EXPECT_EQ(plan->files[2].disk_path, "/x/pkg/src/app/mod.py");
  EXPECT_EQ(plan->files[3].mode, 0755u);
  EXPECT_EQ(plan->files[1].mode, 0644u);
  for (const CompileJob& j : plan->jobs) {
    EXPECT_EQ(j.dfile.rfind("app/", 0), 0u) << j.dfile;  // relative to root
  }
}

TEST_F(PlannerFilesTest, ASymlinkMayLeadAnywhere) {
  fs_.AddFile("/elsewhere/shared.py", "z = 3\n");
  fs_.AddSymlink("/x/pkg/src/app/shared.py", "/elsewhere/shared.py");
  m_.libraries[0].files->push_back("app/shared.py");
  EXPECT_TRUE(ErrorOf().ok()) << ErrorOf().message();
}

TEST_F(PlannerFilesTest, MissingDanglingAndNonRegularFilesAreErrors) {
  m_.libraries[0].files = {"app/gone.py"};
  Status s = ErrorOf();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("m.json: libraries[0] (library \"app\"): listed "
                              "file: ", 0),
            0u)
      << s.message();
  EXPECT_NE(s.message().find("/x/pkg/src/app/gone.py"), std::string::npos)
      << s.message();
  fs_.AddSymlink("/x/pkg/src/app/dangling.py", "/ws/nowhere.py");
  m_.libraries[0].files = {"app/dangling.py"};
  EXPECT_EQ(ErrorOf().message(),
            "m.json: libraries[0] (library \"app\"): listed file "
            "'/x/pkg/src/app/dangling.py' is a symlink that does not resolve");
  m_.libraries[0].files = {"app"};
  EXPECT_EQ(ErrorOf().message(),
            "m.json: libraries[0] (library \"app\"): listed file "
            "'/x/pkg/src/app' is not a regular file");
}

TEST_F(PlannerFilesTest, BytecodeInTheListIsSkippedAsByTheWalk) {
  fs_.AddFile("/x/pkg/src/app/__pycache__/mod.cpython-311.pyc", "junk");
  fs_.AddFile("/x/pkg/src/app/old.pyc", "junk");
  m_.libraries[0].files = {"app/mod.py", "app/old.pyc",
                           "app/__pycache__/mod.cpython-311.pyc"};
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->files.size(), 1u);
  EXPECT_EQ(plan->files[0].rel_path, "app/mod.py");
}

TEST_F(PlannerFilesTest, EmptyListNeedsNoRoot) {
  m_.libraries[0].root = "/x/not/there";
  m_.libraries[0].files.emplace();
  Result<Plan> plan = MakePlan(m_, ctx_);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_TRUE(plan->files.empty());
}

TEST_F(PlannerFilesTest, OutputMaySitBelowTheRootButNotOnAListedFile) {
  // Generated sources and outputs share Bazel's bin directory.
  Library gen;
  gen.name = "gen";
  gen.root = "/x/bin/pkg";
  gen.files = {"gen/app_pb2.py"};
  gen.json_path = "libraries[1]";
  m_.libraries.push_back(gen);
  EXPECT_TRUE(ErrorOf().ok()) << ErrorOf().message();
  m_.outputs[0].path = "gen/app_pb2.py";
  EXPECT_EQ(ErrorOf().message(),
            "m.json: outputs[0].path: '/x/bin/pkg/gen/app_pb2.py' would "
            "replace listed file 'gen/app_pb2.py' of library \"gen\" "
            "('/x/bin/pkg/gen/app_pb2.py')");
  m_.outputs[0].path = "gen";
  m_.outputs[0].format = OutputFormat::kDir;
  EXPECT_FALSE(ErrorOf().ok());
  // Nor where a listed symlink leads.
  m_.outputs[0].path = "/ws/pkg/src/app/mod.py";
  m_.outputs[0].format = OutputFormat::kTar;
  EXPECT_EQ(ErrorOf().message(),
            "m.json: outputs[0].path: '/ws/pkg/src/app/mod.py' would replace "
            "listed file 'app/mod.py' of library \"app\" "
            "('/ws/pkg/src/app/mod.py')");
}

}  // namespace
}  // namespace pycpack
