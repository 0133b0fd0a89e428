#include "build/version.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "marshal/canonical.h"

namespace pycpack {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

InterpreterInfo Cpython311() {
  InterpreterInfo info;
  info.implementation = "cpython";
  info.version = "3.11.2";
  info.major = 3;
  info.minor = 11;
  info.cache_tag = "cpython-311";
  info.magic = std::string("\xa7\x0d\r\n", 4);
  return info;
}

TEST(VersionTest, FirstLineIsNameAndVersionOnly) {
  const std::string text = VersionText(Cpython311());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(Lines(text).at(0), "pycpack " + PycpackVersion());
  EXPECT_TRUE(std::regex_match(PycpackVersion(), std::regex(R"(\d+\.\d+\.\d+)")))
      << PycpackVersion();
}

TEST(VersionTest, NamesTheEmbeddedInterpreterWithItsMagicNumber) {
  EXPECT_EQ(Lines(VersionText(Cpython311())).at(1),
            "embedded CPython: 3.11.2 (magic number 3495, cache tag cpython-311)");
}

TEST(VersionTest, EveryOtherLineIsANameAndAValue) {
  const std::vector<std::string> lines = Lines(VersionText(Cpython311()));
  const std::vector<std::string> names = {"embedded CPython", "canonical pyc form",
                                          "libarchive", "libdeflate", "libzstd",
                                          "zlib", "OpenSSL"};
  ASSERT_EQ(lines.size(), names.size() + 1);
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& line = lines[i + 1];
    ASSERT_EQ(line.substr(0, names[i].size() + 2), names[i] + ": ") << line;
    EXPECT_GT(line.size(), names[i].size() + 2) << line;
    EXPECT_NE(line.back(), ' ') << line;
  }
  EXPECT_EQ(lines[2], "canonical pyc form: version " + std::to_string(kCanonicalFormVersion));
}

TEST(VersionTest, AnInterpreterThatCannotStartIsNamedNotFatal) {
  const std::string text = VersionText(InternalError("Py_InitializeFromConfig: no encodings"));
  const std::vector<std::string> lines = Lines(text);
  EXPECT_EQ(lines.at(0), "pycpack " + PycpackVersion());
  EXPECT_EQ(lines.at(1),
            "embedded CPython: unavailable (Py_InitializeFromConfig: no encodings)");
  EXPECT_EQ(lines.size(), Lines(VersionText(Cpython311())).size());
}

TEST(VersionTest, RealEmbeddedInterpreter) {
  Result<InterpreterInfo> info = EmbeddedInterpreterInfo();
  ASSERT_TRUE(info.ok()) << info.status().message();
  const std::string line = Lines(VersionText(info)).at(1);
  EXPECT_EQ(line.rfind("embedded CPython: " + info->version + " (magic number ", 0), 0u)
      << line;
  if (info->major == 3 && info->minor == 11) {
    EXPECT_NE(line.find("(magic number 3495, cache tag cpython-311)"), std::string::npos)
        << line;
  }
}

}  // namespace
}  // namespace pycpack
