// RunInspect: what `pycpack inspect` prints and returns.
#include "cli/inspect.h"

#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "fs/memory_filesystem.h"
#include "samples.h"

namespace pycpack {
namespace {

TEST(RunInspectTest, JsonOnStdoutErrorsOnStderr) {
  MemoryFileSystem fs;
  fs.AddFile("/d/__pycache__/sample.cpython-311.pyc",
             inspect_test::ReadSample("__pycache__/sample.cpython-311.pyc"));
  std::ostringstream out, err;
  InspectOptions opt;
  opt.paths = {"/d"};
  opt.json = true;
  EXPECT_EQ(RunInspect(opt, &fs, out, err), 0);
  EXPECT_EQ(err.str(), "");
  nlohmann::json j = nlohmann::json::parse(out.str());
  ASSERT_EQ(j["pycs"].size(), 1u);
  EXPECT_EQ(j["pycs"][0]["source_status"], "no source");

  opt.paths = {"/d", "/gone.zip"};
  out.str("");
  EXPECT_EQ(RunInspect(opt, &fs, out, err), 1);
  EXPECT_EQ(err.str(), "pycpack: error: cannot stat '/gone.zip': No such file or directory\n");
  EXPECT_EQ(nlohmann::json::parse(out.str())["exit_code"], 1);
}

TEST(RunInspectTest, TableWithoutJson) {
  MemoryFileSystem fs;
  fs.AddFile("/m.pyc", inspect_test::ReadSample("sourceless-cpython-38.pyc"));
  std::ostringstream out, err;
  InspectOptions opt;
  opt.paths = {"/m.pyc"};
  EXPECT_EQ(RunInspect(opt, &fs, out, err), 0);
  EXPECT_EQ(out.str().rfind("/m.pyc (pyc, 1 pyc)\n  PATH ", 0), 0u) << out.str();
  EXPECT_NE(out.str().find("  /m.pyc  3.8 "), std::string::npos) << out.str();
  EXPECT_NE(out.str().find(" possible "), std::string::npos) << out.str();
}

}  // namespace
}  // namespace pycpack
