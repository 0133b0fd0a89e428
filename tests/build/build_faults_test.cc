// Fault injection through the FileSystem seam: a failing stat, list, read,
// open, write, close, mkdir, rename, exchange or remove — at every point of
// a build where that operation happens — and a full disk at every size give
// a clear error, and every destination keeps its previous content or holds
// the complete new artifact (never a partial one), with no temporary left.
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <sstream>

#include "build/build.h"
#include "cli/terminal_printer.h"
#include "fake_compiler.h"
#include "fs/memory_filesystem.h"

namespace pycpack {
namespace {

using Op = MemoryFileSystem::Op;

constexpr char kManifest[] = R"({
  "manifest_version": 1,
  "defaults": {"mode": "py+pyc-checked"},
  "libraries": [{"name": "app", "root": "src"}],
  "outputs": [{"path": "dist/app", "format": "dir"},
              {"path": "dist/app.tar.gz", "format": "tar.gz"},
              {"path": "dist/app.zip", "format": "zip"},
              {"path": "dist/wheels", "format": "wheel", "name": "app", "version": "1.0"}]
})";

const char* kDestinations[] = {"/w/dist/app", "/w/dist/app.tar.gz", "/w/dist/app.zip",
                               "/w/dist/wheels"};

// The files below |root| with their content ("<dir>" for directories).
std::map<std::string, std::string> Tree(MemoryFileSystem& fs, const std::string& root) {
  std::map<std::string, std::string> out;
  for (const std::string& p : fs.Paths()) {
    if (p != root && p.rfind(root + "/", 0) != 0) continue;
    Result<std::string> data = fs.ReadFile(p);
    out[p] = data.ok() ? *data : "<dir>";
  }
  return out;
}

struct Outcome {
  BuildReport report;
  std::map<std::string, std::map<std::string, std::string>> dests;
  std::vector<std::string> temporaries;
};

// The sources and the previous artifacts.
void Populate(MemoryFileSystem& fs) {
  fs.AddFile("/w/m.json", kManifest);
  fs.AddFile("/w/src/pkg/__init__.py", "");
  fs.AddFile("/w/src/pkg/mod.py", "x = 1\n");
  fs.AddFile("/w/src/pkg/data.txt", std::string(5000, 'd'));
  fs.AddFile("/w/dist/app/old.txt", "previous");
  fs.AddFile("/w/dist/app.tar.gz", "previous tar.gz");
  fs.AddFile("/w/dist/app.zip", "previous zip");
  fs.AddFile("/w/dist/wheels/keep.txt", "not ours");
}

// Builds in a fresh file system holding the previous artifacts, with
// |arm| injecting a fault first.
Outcome Build(const std::function<void(MemoryFileSystem&)>& arm) {
  MemoryFileSystem fs;
  Populate(fs);
  FakeCompiler compiler;
  std::ostringstream log;
  BuildEnv env;
  env.fs = &fs;
  env.compiler = &compiler;
  TerminalPrinter printer(log, 1, false);
  env.observer = &printer;
  env.cwd = "/w";
  BuildOptions opt;
  opt.manifest_path = "m.json";
  arm(fs);
  Outcome o;
  o.report = RunBuild(opt, env);
  fs.SetWriteLimit(std::nullopt);
  for (const char* d : kDestinations) o.dests[d] = Tree(fs, d);
  for (const std::string& p : fs.Paths()) {
    if (p.find("pycpack-tmp") != std::string::npos) o.temporaries.push_back(p);
  }
  return o;
}

class BuildFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MemoryFileSystem fs;
    Populate(fs);
    for (const char* d : kDestinations) before_[d] = Tree(fs, d);
    Outcome clean = Build([](MemoryFileSystem&) {});
    ASSERT_TRUE(clean.report.status.ok()) << clean.report.status.message();
    after_ = clean.dests;
  }

  // Checks one failed or successful build; true if it failed.
  bool Check(const Outcome& o, const std::string& what) {
    if (!o.report.status.ok()) {
      const std::string& msg = o.report.status.message();
      EXPECT_FALSE(msg.empty()) << what;
      EXPECT_EQ(msg.find('\n'), std::string::npos) << what << ": " << msg;
      EXPECT_NE(o.report.status.ExitCode(), 0) << what;
    }
    for (const char* d : kDestinations) {
      const auto& now = o.dests.at(d);
      EXPECT_TRUE(now == before_.at(d) || now == after_.at(d))
          << what << ": " << d << " is neither the previous nor the new artifact ("
          << o.report.status.message() << ")";
    }
    EXPECT_EQ(o.temporaries, std::vector<std::string>{}) << what;
    return !o.report.status.ok();
  }

  std::map<std::string, std::map<std::string, std::string>> before_, after_;
};

TEST_F(BuildFaultsTest, EveryOperationFailingAtEveryPoint) {
  // kRemove is left out: removing a temporary is how a failed build cleans
  // up, so a failing remove leaves one behind by nature (the next build of
  // that destination removes it: StagedOutput::Begin).
  const std::pair<Op, const char*> ops[] = {
      {Op::kStat, "stat"},     {Op::kListDir, "listdir"}, {Op::kRead, "read"},
      {Op::kRealPath, "realpath"}, {Op::kOpen, "open"},   {Op::kAppend, "append"},
      {Op::kClose, "close"},   {Op::kMakeDir, "mkdir"},   {Op::kRename, "rename"},
      {Op::kExchange, "exchange"}};
  for (const auto& [op, name] : ops) {
    int failures = 0;
    for (int skip = 0; skip < 2000; ++skip) {
      Outcome o = Build([op = op, skip](MemoryFileSystem& fs) { fs.FailOn(op, "", skip); });
      if (!Check(o, std::string(name) + " #" + std::to_string(skip))) break;
      ++failures;
      if (::testing::Test::HasFailure()) return;
    }
    // Every kind of operation happens in a build, so every fault hits;
    // except a failing exchange, after which a directory output is
    // replaced by two renames instead (StagedOutput::Commit).
    if (op == Op::kExchange) {
      EXPECT_EQ(failures, 0);
    } else {
      EXPECT_GT(failures, 0) << name;
    }
    std::cout << name << ": failed builds at " << failures << " points\n";
  }
}

TEST_F(BuildFaultsTest, FullDiskAtEverySize) {
  int failures = 0;
  for (uint64_t limit = 0;; limit += 97) {
    Outcome o = Build([limit](MemoryFileSystem& fs) { fs.SetWriteLimit(limit); });
    if (!Check(o, "limit " + std::to_string(limit))) break;
    EXPECT_NE(o.report.status.message().find("No space left on device"), std::string::npos)
        << o.report.status.message();
    ++failures;
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(failures, 10);
}

}  // namespace
}  // namespace pycpack
