// Inspect() over directories, single pycs and archives: the real samples of
// every CPython 3.8-3.15, and trees built in memory.
#include "inspect/inspect.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "../archive/test_entries.h"
#include "fs/memory_filesystem.h"
#include "samples.h"
#include "util/hex.h"

namespace pycpack::inspect {
namespace {

using inspect_test::Expected;
using inspect_test::ReadSample;
using inspect_test::SampleDir;

// The sources of testdata/inspect and the pycs CPython 3.11 made of them:
// relative path -> bytes.
std::map<std::string, std::string> Py311Files() {
  std::map<std::string, std::string> files;
  for (const auto& [rel, want] : Expected()["pycs"].items()) {
    if (want["python"] == "3.11") files[rel] = ReadSample(rel);
  }
  files["sample.py"] = ReadSample("sample.py");
  files["explicit_raise.py"] = ReadSample("explicit_raise.py");
  return files;
}

void AddFiles(MemoryFileSystem& fs, const std::string& root,
              const std::map<std::string, std::string>& files) {
  for (const auto& [rel, bytes] : files) fs.AddFile(root + "/" + rel, bytes);
}

// |files| as archive entries below |prefix|, parents first, sorted.
std::vector<OwnedEntry> Entries(const std::string& prefix,
                                const std::map<std::string, std::string>& files) {
  std::map<std::string, OwnedEntry> sorted;
  for (const auto& [rel, bytes] : files) {
    const std::string path = prefix + rel;
    for (size_t slash = path.find('/'); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      sorted.emplace(path.substr(0, slash), Dir(path.substr(0, slash)));
    }
    sorted.emplace(path, File(path, bytes));
  }
  std::vector<OwnedEntry> out;
  for (auto& [path, e] : sorted) out.push_back(std::move(e));
  return out;
}

// The fields of a report that do not depend on where the pyc was found.
std::string Summary(const PycReport& r) {
  std::ostringstream s;
  s << r.size << " " << r.python.value_or("?") << " "
    << (r.header ? InvalidationName(r.header->invalidation) : "?") << " "
    << (r.header ? HexEncode(r.header->source_hash) : "?") << " "
    << SourceStatusName(r.source_status) << " " << r.level_from_name.value_or(-1) << " "
    << r.co_filename.value_or("?") << " " << (r.docstrings ? FoundName(*r.docstrings) : "?")
    << " " << (r.asserts ? FoundName(*r.asserts) : "?") << " "
    << (r.canonical ? (*r.canonical ? "canonical" : "not canonical") : "?");
  for (const std::string& p : r.problems) s << " [" << p << "]";
  return s.str();
}

const PycReport* Find(const InspectReport& r, const std::string& path) {
  for (const PycReport& p : r.pycs) {
    if (p.path == path) return &p;
  }
  return nullptr;
}

TEST(InspectTest, SamplesOfEveryVersionAgreeWithTheirInterpreter) {
  std::unique_ptr<FileSystem> fs = NewRealFileSystem();
  InspectReport report = Inspect({SampleDir()}, fs.get());
  EXPECT_EQ(report.ExitCode(), 0);
  EXPECT_TRUE(report.errors.empty());
  ASSERT_EQ(report.pycs.size(), 40u);  // 5 per version, 3.8-3.15
  for (const PycReport& r : report.pycs) {
    SCOPED_TRACE(r.path);
    const nlohmann::json& want = Expected()["pycs"][r.path];
    ASSERT_TRUE(want.is_object());
    const nlohmann::json& version = inspect_test::VersionOf(want);
    ASSERT_TRUE(r.header.has_value());
    EXPECT_TRUE(r.problems.empty()) << r.problems.front();
    EXPECT_EQ(r.python.value_or(""), want["python"].get<std::string>());
    EXPECT_EQ(r.header->magic, version["magic"].get<int>());
    EXPECT_EQ(r.header->flags, want["flags"].get<uint32_t>());
    const bool sourceless = r.path.starts_with("sourceless-");
    if (want["header_hash"].is_string()) {
      EXPECT_EQ(HexEncode(r.header->source_hash), want["header_hash"].get<std::string>());
      EXPECT_EQ(r.source_status, sourceless ? SourceStatus::kNoSource : SourceStatus::kMatch);
    } else {
      EXPECT_EQ(r.source_status, SourceStatus::kNotChecked);  // timestamp
    }
    EXPECT_EQ(r.source.has_value(), !sourceless);
    EXPECT_EQ(r.level_from_name.value_or(-1), sourceless ? -1 : want["level"].get<int>());
    EXPECT_EQ(r.co_filename.value_or(""), want["co_filename"].get<std::string>());
    EXPECT_EQ(r.docstrings, want["docstrings"] ? Found::kPresent : Found::kAbsent);
    EXPECT_TRUE(r.asserts.has_value());
    EXPECT_TRUE(r.canonical.has_value());
  }
}

TEST(InspectTest, ArchivesGiveWhatTheDirectoryGives) {
  MemoryFileSystem fs;
  const std::map<std::string, std::string> files = Py311Files();
  AddFiles(fs, "/tree", files);
  InspectReport dir = Inspect({"/tree"}, &fs);
  ASSERT_EQ(dir.pycs.size(), 5u);
  const std::pair<OutputFormat, const char*> formats[] = {
      {OutputFormat::kTar, "tar"}, {OutputFormat::kTarGz, "tar.gz"},
      {OutputFormat::kTarZst, "tar.zst"}, {OutputFormat::kZip, "zip"}};
  for (const auto& [format, kind] : formats) {
    SCOPED_TRACE(kind);
    const std::string path = std::string("/a.") + kind;
    ASSERT_TRUE(WriteArtifact(format, fs, path, Entries("opt/app/", files)).ok());
    InspectReport a = Inspect({path}, &fs);
    EXPECT_EQ(a.ExitCode(), 0);
    ASSERT_EQ(a.inputs.size(), 1u);
    EXPECT_EQ(a.inputs[0].kind, kind);
    ASSERT_EQ(a.pycs.size(), dir.pycs.size());
    for (size_t i = 0; i < a.pycs.size(); ++i) {
      EXPECT_EQ(a.pycs[i].input, path);
      EXPECT_EQ(a.pycs[i].path, "opt/app/" + dir.pycs[i].path);
      EXPECT_EQ(Summary(a.pycs[i]), Summary(dir.pycs[i]));
    }
    EXPECT_EQ(Find(a, "opt/app/__pycache__/sample.cpython-311.pyc")->source.value_or(""),
              "opt/app/sample.py");
  }
}

TEST(InspectTest, StaleSourcesAreMismatches) {
  MemoryFileSystem fs;
  std::map<std::string, std::string> files = Py311Files();
  files["sample.py"] += "\n# edited after compiling\n";
  AddFiles(fs, "/tree", files);
  InspectReport r = Inspect({"/tree"}, &fs);
  EXPECT_EQ(Find(r, "__pycache__/sample.cpython-311.pyc")->source_status, SourceStatus::kMismatch);
  EXPECT_EQ(Find(r, "__pycache__/sample.cpython-311.opt-1.pyc")->source_status,
            SourceStatus::kMismatch);
  EXPECT_EQ(Find(r, "__pycache__/sample.cpython-311.opt-2.pyc")->source_status,
            SourceStatus::kNotChecked);  // timestamp
  EXPECT_EQ(Find(r, "__pycache__/explicit_raise.cpython-311.pyc")->source_status,
            SourceStatus::kMatch);
  EXPECT_EQ(r.ExitCode(), 0);
}

TEST(InspectTest, ArchiveSourcesComeFromTheSameArchive) {
  MemoryFileSystem fs;
  std::map<std::string, std::string> files = Py311Files();
  const std::string pyc = "__pycache__/sample.cpython-311.pyc";
  // The source is beside the archive on disk, but not in it.
  fs.AddFile("/__pycache__/sample.cpython-311.pyc", files[pyc]);
  fs.AddFile("/sample.py", files["sample.py"]);
  ASSERT_TRUE(WriteArtifact(OutputFormat::kZip, fs, "/a.whl", Entries("", {{pyc, files[pyc]}})).ok());
  InspectReport r = Inspect({"/a.whl"}, &fs);
  ASSERT_EQ(r.pycs.size(), 1u);
  EXPECT_EQ(r.inputs[0].kind, "zip");
  EXPECT_EQ(r.pycs[0].source_status, SourceStatus::kNoSource);
  EXPECT_FALSE(r.pycs[0].source.has_value());
}

TEST(InspectTest, APycGivenDirectlyFindsItsSourceBesideIt) {
  MemoryFileSystem fs;
  AddFiles(fs, "/d", Py311Files());
  const std::string pyc = "/d/__pycache__/sample.cpython-311.opt-1.pyc";
  InspectReport r = Inspect({pyc, "/d/sourceless-cpython-311.pyc"}, &fs);
  ASSERT_EQ(r.pycs.size(), 2u);
  EXPECT_EQ(r.inputs[0].kind, "pyc");
  EXPECT_EQ(r.pycs[0].path, pyc);
  EXPECT_EQ(r.pycs[0].source.value_or(""), "/d/sample.py");
  EXPECT_EQ(r.pycs[0].source_status, SourceStatus::kMatch);
  EXPECT_EQ(r.pycs[0].level_from_name, 1);
  EXPECT_EQ(r.pycs[1].source_status, SourceStatus::kNoSource);
  EXPECT_FALSE(r.pycs[1].level_from_name.has_value());
}

TEST(InspectTest, BrokenPycsAreProblemsNotErrors) {
  const std::string good = Py311Files()["__pycache__/sample.cpython-311.pyc"];
  std::string unknown = good;
  unknown[0] = '\x38';  // 3640, between 3.14 and 3.15
  unknown[1] = '\x0e';
  std::string flags2 = good;
  flags2[4] = '\x02';
  MemoryFileSystem fs;
  fs.AddFile("/t/truncated.pyc", good.substr(0, 10));
  fs.AddFile("/t/bad_magic.pyc", "PK\x03\x04" + good.substr(4));
  fs.AddFile("/t/unknown_magic.pyc", unknown);
  fs.AddFile("/t/flags2.pyc", flags2);
  fs.AddFile("/t/cut.pyc", good.substr(0, good.size() / 2));
  InspectReport r = Inspect({"/t"}, &fs);
  EXPECT_EQ(r.ExitCode(), 0);
  ASSERT_EQ(r.pycs.size(), 5u);
  auto problem = [&](const std::string& path) {
    const PycReport* p = Find(r, path);
    return p && p->problems.size() == 1 ? p->problems[0] : std::string("(not one problem)");
  };
  EXPECT_EQ(problem("truncated.pyc"), "truncated header: 10 bytes, a pyc header has 16");
  EXPECT_FALSE(Find(r, "truncated.pyc")->header.has_value());
  EXPECT_EQ(problem("bad_magic.pyc"), "bad magic: 504b0304 does not end in \\r\\n");
  EXPECT_EQ(problem("unknown_magic.pyc").substr(0, 27), "unknown magic number 3640 (");
  EXPECT_FALSE(Find(r, "unknown_magic.pyc")->python.has_value());
  EXPECT_FALSE(Find(r, "unknown_magic.pyc")->co_filename.has_value());
  EXPECT_EQ(problem("flags2.pyc"), "invalid flags 2 (importlib accepts 0, 1 and 3)");
  EXPECT_EQ(Find(r, "flags2.pyc")->co_filename.value_or(""), "sample.py");  // code still read
  EXPECT_EQ(problem("cut.pyc").substr(0, 18), "cannot unmarshal: ");
  EXPECT_FALSE(Find(r, "cut.pyc")->docstrings.has_value());
  EXPECT_FALSE(Find(r, "cut.pyc")->canonical.has_value());
}

TEST(InspectTest, UnreadableInputsAreErrorsAndTheRestIsStillRead) {
  MemoryFileSystem fs;
  AddFiles(fs, "/ok", Py311Files());
  fs.AddFile("/junk.tar.gz", "this is not an archive");
  ASSERT_TRUE(WriteArtifact(OutputFormat::kTarGz, fs, "/full.tar.gz",
                            Entries("", Py311Files())).ok());
  const std::string full = *fs.ReadFile("/full.tar.gz");
  fs.AddFile("/cut.tar.gz", full.substr(0, full.size() / 2));
  fs.FailOn(MemoryFileSystem::Op::kRead, "/ok/sourceless-cpython-311.pyc");
  InspectReport r = Inspect({"/missing", "/junk.tar.gz", "/cut.tar.gz", "/ok"}, &fs);
  EXPECT_EQ(r.ExitCode(), 1);
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_NE(r.errors[0].find("'/missing'"), std::string::npos) << r.errors[0];
  EXPECT_EQ(r.errors[1].rfind("cannot read '/junk.tar.gz': ", 0), 0u) << r.errors[1];
  EXPECT_EQ(r.errors[2].rfind("cannot read '/cut.tar.gz': ", 0), 0u) << r.errors[2];
  EXPECT_NE(r.errors[3].find("/ok/sourceless-cpython-311.pyc"), std::string::npos) << r.errors[3];
  EXPECT_TRUE(r.inputs[0].error.has_value());
  EXPECT_TRUE(r.inputs[2].error.has_value());
  EXPECT_FALSE(r.inputs[3].error.has_value());
  ASSERT_EQ(r.pycs.size(), 5u);  // /ok still inspected
  EXPECT_EQ(Find(r, "sourceless-cpython-311.pyc")->problems.size(), 1u);
  EXPECT_EQ(Find(r, "__pycache__/sample.cpython-311.pyc")->source_status, SourceStatus::kMatch);
}

TEST(InspectTest, JsonHasTheDocumentedFields) {
  MemoryFileSystem fs;
  AddFiles(fs, "/d", Py311Files());
  fs.AddFile("/d/short.pyc", "abc");
  InspectReport r = Inspect({"/d", "/nope"}, &fs);
  nlohmann::json j = nlohmann::json::parse(InspectReportJson(r, "9.9.9"));
  EXPECT_EQ(j["pycpack_version"], "9.9.9");
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(j["errors"].size(), 1u);
  ASSERT_EQ(j["inputs"].size(), 2u);
  EXPECT_EQ(j["inputs"][0], nlohmann::json({{"path", "/d"}, {"kind", "dir"}, {"pycs", 6},
                                            {"error", nullptr}}));
  EXPECT_TRUE(j["inputs"][1]["kind"].is_null());
  EXPECT_TRUE(j["inputs"][1]["error"].is_string());
  ASSERT_EQ(j["pycs"].size(), 6u);
  const nlohmann::json& p = j["pycs"][1];
  ASSERT_EQ(p["path"], "__pycache__/sample.cpython-311.opt-1.pyc");
  const std::vector<std::string> keys = {
      "input", "path", "size", "magic", "magic_hex", "python", "flags", "invalidation",
      "source_hash", "mtime", "source_size", "source", "source_status", "level_from_name",
      "co_filename", "docstrings", "asserts", "canonical", "problems"};
  const nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(InspectReportJson(r, ""));
  std::vector<std::string> got;
  for (const auto& [k, v] : ordered["pycs"][1].items()) got.push_back(k);
  EXPECT_EQ(got, keys);
  const nlohmann::json& want = Expected()["pycs"][p["path"].get<std::string>()];
  EXPECT_EQ(p["input"], "/d");
  EXPECT_EQ(p["magic"], 3495);
  EXPECT_EQ(p["magic_hex"], "a70d0d0a");
  EXPECT_EQ(p["python"], "3.11");
  EXPECT_EQ(p["flags"], 1);
  EXPECT_EQ(p["invalidation"], "unchecked-hash");
  EXPECT_EQ(p["source_hash"], want["header_hash"]);
  EXPECT_TRUE(p["mtime"].is_null());
  EXPECT_EQ(p["source"], "sample.py");
  EXPECT_EQ(p["source_status"], "match");
  EXPECT_EQ(p["level_from_name"], 1);
  EXPECT_EQ(p["co_filename"], "sample.py");
  EXPECT_EQ(p["docstrings"], "present");
  EXPECT_EQ(p["asserts"], "absent");
  EXPECT_TRUE(p["canonical"].is_boolean());
  EXPECT_EQ(p["problems"], nlohmann::json::array());
  const nlohmann::json& ts = j["pycs"][2];  // opt-2: timestamp
  EXPECT_EQ(ts["invalidation"], "timestamp");
  EXPECT_TRUE(ts["source_hash"].is_null());
  EXPECT_EQ(ts["mtime"], 315532800);
  EXPECT_EQ(ts["source_size"], Py311Files()["sample.py"].size());
  const nlohmann::json& s = j["pycs"][4];
  ASSERT_EQ(s["path"], "short.pyc");
  for (const char* k : {"magic", "python", "flags", "invalidation", "co_filename", "docstrings",
                        "asserts", "canonical", "level_from_name", "source"}) {
    EXPECT_TRUE(s[k].is_null()) << k;
  }
  EXPECT_EQ(s["source_status"], "no source");
  EXPECT_EQ(s["problems"].size(), 1u);
}

TEST(InspectTest, TableAlignsColumnsAndListsProblems) {
  MemoryFileSystem fs;
  AddFiles(fs, "/d", Py311Files());
  fs.AddFile("/d/short.pyc", "abc");
  std::ostringstream out;
  PrintInspectTable(Inspect({"/d", "/nope"}, &fs), out);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_GE(lines.size(), 9u);
  EXPECT_EQ(lines[0], "/d (dir, 6 pycs)");
  EXPECT_EQ(lines[1].rfind("  PATH ", 0), 0u);
  // Every column starts where its heading does.
  const size_t status_col = lines[1].find("SOURCE ", lines[1].find("SOURCE HASH") + 1);
  const size_t doc_col = lines[1].find("DOCSTRINGS");
  EXPECT_EQ(lines[2].substr(status_col, 6), "match ");
  EXPECT_EQ(lines[2].substr(doc_col, 7), "absent ");  // explicit_raise.py
  EXPECT_EQ(lines[3].substr(doc_col, 8), "present ");
  EXPECT_NE(out.str().find("  short.pyc "), std::string::npos);
  EXPECT_NE(out.str().find("      problem: truncated header: 3 bytes"), std::string::npos);
  EXPECT_EQ(lines.back(), "/nope: cannot be read");
}

}  // namespace
}  // namespace pycpack::inspect
