// Reading the check program's document, aggregating per interpreter, and
// the two presentations of a VerifyReport.
#include "verify/report.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "verify/interpreter_check.h"

namespace pycpack {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

// What CheckProgram() prints for a tree with one stale and one missing pyc
// and an orphan in __pycache__.
constexpr char kCheckDocument[] = R"({
  "counts": {"ok": 3, "pycs": 4, "sources": 5},
  "findings": [
    {"kind": "stale-hash", "message": "checked pyc whose source hash does not match the source",
     "path": "pkg/a.py", "pyc": "pkg/__pycache__/a.cpython-312.pyc"},
    {"kind": "missing", "message": "no pyc for optimization level 0",
     "path": "pkg/b.py", "pyc": "pkg/__pycache__/b.cpython-312.pyc"},
    {"kind": "empty", "message": "nothing", "path": ".", "pyc": null}],
  "info": [{"message": "no source beside its __pycache__: never loaded",
            "path": "pkg/__pycache__/gone.cpython-312.pyc"}],
  "interpreter": {"cache_tag": "cpython-312", "executable": "/usr/bin/python3.12",
                  "implementation": "cpython", "magic": "cb0d0d0a", "version": "3.12.1"},
  "optimize": [0, 2]
})";

TEST(ParseCheckOutputTest, ReadsEveryField) {
  Result<InterpreterResult> r = ParseCheckOutput(kCheckDocument);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->version, "3.12.1");
  EXPECT_EQ(r->cache_tag, "cpython-312");
  EXPECT_EQ(r->magic, "cb0d0d0a");
  EXPECT_EQ(r->executable, "/usr/bin/python3.12");
  EXPECT_EQ(r->optimize, (std::vector<int>{0, 2}));
  EXPECT_EQ(r->sources, 5u);
  EXPECT_EQ(r->pycs, 4u);
  EXPECT_EQ(r->ok, 3u);
  ASSERT_EQ(r->findings.size(), 3u);
  EXPECT_EQ(r->findings[0].kind, "stale-hash");
  EXPECT_EQ(r->findings[0].path, "pkg/a.py");
  EXPECT_EQ(r->findings[0].pyc, "pkg/__pycache__/a.cpython-312.pyc");
  EXPECT_EQ(r->findings[2].pyc, "");
  ASSERT_EQ(r->info.size(), 1u);
  EXPECT_EQ(r->info[0].path, "pkg/__pycache__/gone.cpython-312.pyc");
}

TEST(ParseCheckOutputTest, RejectsWhatIsNotTheDocument) {
  for (const char* text : {"", "Traceback (most recent call last):",
                           "{\"counts\": {}}", "[1, 2]"}) {
    Result<InterpreterResult> r = ParseCheckOutput(text);
    EXPECT_EQ(r.status().code(), ErrorCode::kInternal) << text;
  }
}

VerifyReport TwoInterpreters() {
  VerifyReport report;
  report.artifact = "dist/app.zip";
  report.root = "python/";
  InterpreterResult clean = ParseCheckOutput(kCheckDocument).value();
  clean.python = "python3.12";
  clean.findings.clear();
  InterpreterResult dirty = ParseCheckOutput(kCheckDocument).value();
  dirty.python = "python3.13";
  dirty.findings.push_back({"pkg/c.py", "", "compiled-from-source",
                            "compiled from source at import time", "pkg.c"});
  dirty.imports.push_back({"pkg.c", "pkg/c.py", "", 2, 1});
  report.interpreters = {clean, dirty};
  return report;
}

TEST(VerifyReportTest, FindingsOfAllInterpretersDecideTheExitCode) {
  VerifyReport report = TwoInterpreters();
  EXPECT_EQ(report.findings(), 4u);
  EXPECT_EQ(report.ExitCode(), 1);
  report.interpreters[1].findings.clear();
  EXPECT_EQ(report.findings(), 0u);
  EXPECT_EQ(report.ExitCode(), 0);
  report.status = UsageError("--root must be inside");
  EXPECT_EQ(report.ExitCode(), 2);
  report.status = IoError("cannot run 'python9'");
  EXPECT_EQ(report.ExitCode(), 1);
}

TEST(VerifyReportTest, JsonDocument) {
  json j = json::parse(VerifyReportJson(TwoInterpreters(), "9.9.9"));
  EXPECT_EQ(j["pycpack_version"], "9.9.9");
  EXPECT_EQ(j["status"], "findings");
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_TRUE(j["error"].is_null());
  EXPECT_EQ(j["artifact"], "dist/app.zip");
  EXPECT_EQ(j["root"], "python/");
  EXPECT_EQ(j["summary"], json({{"interpreters", 2}, {"findings", 4}}));
  const json& dirty = j["interpreters"][1];
  EXPECT_EQ(dirty["python"], "python3.13");
  EXPECT_EQ(dirty["counts"], json({{"sources", 5}, {"pycs", 4}, {"ok", 3},
                                   {"findings", 4}}));
  EXPECT_EQ(dirty["optimize"], json({0, 2}));
  EXPECT_EQ(dirty["findings"][2]["pyc"], nullptr);
  EXPECT_EQ(dirty["findings"][0]["module"], nullptr);
  EXPECT_EQ(dirty["findings"][3]["module"], "pkg.c");
  EXPECT_EQ(dirty["imports"][0],
            json({{"module", "pkg.c"}, {"file", "pkg/c.py"}, {"error", nullptr},
                  {"from_bytecode", 2}, {"from_source", 1}}));
  EXPECT_EQ(dirty["info"][0]["path"], "pkg/__pycache__/gone.cpython-312.pyc");
}

TEST(VerifyReportTest, JsonOfAnError) {
  VerifyReport report;
  report.artifact = "x.tar";
  report.status = IoError("cannot read 'x.tar'");
  json j = json::parse(VerifyReportJson(report, "1"));
  EXPECT_EQ(j["status"], "error");
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(j["error"], "cannot read 'x.tar'");
  EXPECT_EQ(j["interpreters"], json::array());
}

TEST(VerifyReportTest, LinesForPeople) {
  std::ostringstream out;
  PrintVerifyReport(TwoInterpreters(), out);
  std::string text = out.str();
  EXPECT_THAT(text, HasSubstr(
      "python3.13: pkg/a.py: stale-hash: checked pyc whose source hash does not "
      "match the source (pkg/__pycache__/a.cpython-312.pyc)\n"));
  EXPECT_THAT(text, HasSubstr(
      "python3.13: import pkg.c: pkg/c.py: compiled-from-source: compiled from "
      "source at import time\n"));
  EXPECT_THAT(text, HasSubstr(
      "python3.12: info: pkg/__pycache__/gone.cpython-312.pyc: no source beside "
      "its __pycache__: never loaded\n"));
  EXPECT_THAT(text, HasSubstr(
      "python3.12 (cpython 3.12.1, cpython-312, optimize 0 2): 5 sources, 4 pycs "
      "checked, 3 ok, 0 findings\n"));
  EXPECT_THAT(text, HasSubstr("3 ok, 4 findings; 1 of 1 imports done\n"));
  EXPECT_THAT(text, HasSubstr("pycpack: dist/app.zip: 4 findings\n"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("python3.12: pkg/")));
}

TEST(LastLineTest, SkipsTrailingBlankLines) {
  EXPECT_EQ(LastLine("a\nTraceback\nValueError: x\n\n"), "ValueError: x");
  EXPECT_EQ(LastLine("only"), "only");
  EXPECT_EQ(LastLine("\n \n"), "");
}

}  // namespace
}  // namespace pycpack
