// Runs ParseManifest over the case files in tests/manifest/cases/, every
// ```json block of docs/manifest.md and every manifests/*.json of the
// repository. tests/manifest/schema_check.py checks the same inputs against
// docs/manifest.schema.json.
//
//   cases/valid/*.json     must parse
//   cases/invalid/*.json   must fail; the sibling <name>.expected holds a
//                          fragment the error message must contain
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pycpack/manifest.h"

namespace pycpack {
namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = PYCPACK_SOURCE_DIR;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The files in |dir| ending in |ext|, sorted; none if |dir| is missing.
std::vector<fs::path> FilesIn(const fs::path& dir, std::string_view ext) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ext) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<Manifest> ParseFile(const fs::path& path) {
  return ParseManifest(ReadFile(path), path.filename().string(),
                       path.parent_path().string());
}

TEST(ManifestCases, ValidCasesParse) {
  const auto files =
      FilesIn(kSourceDir / "tests/manifest/cases/valid", ".json");
  EXPECT_GE(files.size(), 5u) << "valid cases are missing";
  for (const fs::path& file : files) {
    Result<Manifest> m = ParseFile(file);
    EXPECT_TRUE(m.ok()) << file << ": " << m.status().message();
  }
}

TEST(ManifestCases, InvalidCasesFailWithTheExpectedMessage) {
  const fs::path dir = kSourceDir / "tests/manifest/cases/invalid";
  const auto files = FilesIn(dir, ".json");
  EXPECT_GE(files.size(), 20u) << "invalid cases are missing";
  for (const fs::path& file : files) {
    fs::path expected_file = file;
    expected_file.replace_extension(".expected");
    ASSERT_TRUE(fs::exists(expected_file)) << "missing " << expected_file;
    std::string expected = ReadFile(expected_file);
    while (!expected.empty() && expected.back() == '\n') expected.pop_back();
    ASSERT_FALSE(expected.empty()) << expected_file << " is empty";

    Result<Manifest> m = ParseFile(file);
    ASSERT_FALSE(m.ok()) << file << " parsed but should not";
    EXPECT_EQ(m.status().code(), ErrorCode::kManifest);
    const std::string msg = m.status().message();
    EXPECT_EQ(msg.rfind(file.filename().string(), 0), 0u)
        << file << ": message does not start with the file name: " << msg;
    EXPECT_NE(msg.find(expected), std::string::npos)
        << file << "\n  message:  " << msg << "\n  expected: " << expected;
  }
  // Every .expected belongs to a case.
  for (const fs::path& expected : FilesIn(dir, ".expected")) {
    fs::path json = expected;
    json.replace_extension(".json");
    EXPECT_TRUE(fs::exists(json)) << expected << " has no case file";
  }
}

struct JsonBlock {
  int line;  // of the opening fence, 1-based
  std::string text;
};

// The ```json fenced blocks of a Markdown document.
std::vector<JsonBlock> JsonBlocks(const std::string& markdown) {
  std::vector<JsonBlock> blocks;
  std::istringstream in(markdown);
  std::string line;
  JsonBlock* open = nullptr;
  for (int n = 1; std::getline(in, line); ++n) {
    if (open == nullptr) {
      if (line == "```json") {
        blocks.push_back({n, ""});
        open = &blocks.back();
      }
    } else if (line.rfind("```", 0) == 0) {
      open = nullptr;
    } else {
      open->text += line + "\n";
    }
  }
  EXPECT_EQ(open, nullptr) << "unterminated ```json block";
  return blocks;
}

TEST(ManifestCases, JsonBlocksFindsFencedBlocks) {
  auto blocks = JsonBlocks(
      "x\n```json\n{\"a\": 1}\n```\n```\nnot\n```\n"
      "```json\n[]\n```\n");
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].line, 2);
  EXPECT_EQ(blocks[0].text, "{\"a\": 1}\n");
  EXPECT_EQ(blocks[1].text, "[]\n");
}

TEST(ManifestCases, DocumentationExamplesParse) {
  const fs::path doc = kSourceDir / "docs/manifest.md";
  const auto blocks = JsonBlocks(ReadFile(doc));
  EXPECT_GE(blocks.size(), 3u) << "docs/manifest.md has too few examples";
  for (const JsonBlock& block : blocks) {
    const std::string name = "docs/manifest.md:" + std::to_string(block.line);
    Result<Manifest> m =
        ParseManifest(block.text, name, (kSourceDir / "docs").string());
    EXPECT_TRUE(m.ok()) << m.status().message();
  }
}

// manifests/ may be empty or absent; whatever is there must parse.
TEST(ManifestCases, RepositoryManifestsParse) {
  for (const fs::path& file : FilesIn(kSourceDir / "manifests", ".json")) {
    Result<Manifest> m = ParseFile(file);
    EXPECT_TRUE(m.ok()) << file << ": " << m.status().message();
  }
}

}  // namespace
}  // namespace pycpack
