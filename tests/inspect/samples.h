// The pycs under testdata/inspect/ (written by make_samples.py with every
// CPython 3.8-3.15) and what those interpreters said about them
// (expected.json).
#ifndef PYCPACK_TESTS_INSPECT_SAMPLES_H_
#define PYCPACK_TESTS_INSPECT_SAMPLES_H_

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace pycpack::inspect_test {

inline std::string SampleDir() { return std::string(PYCPACK_SOURCE_DIR) + "/testdata/inspect"; }

// The bytes of |rel| below SampleDir(); "" if it cannot be read.
inline std::string ReadSample(const std::string& rel) {
  std::ifstream in(SampleDir() + "/" + rel, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// expected.json: {"versions": {"3.11": {"magic", "magic_hex", "siphash":
// [[input hex, hash hex]...]}, ...}, "pycs": {path: {"python", "flags",
// "header_hash", "source_hash", "co_filename", "level", "docstrings",
// "asserts"}, ...}}.
inline const nlohmann::json& Expected() {
  static const nlohmann::json j = nlohmann::json::parse(ReadSample("expected.json"));
  return j;
}

// What expected.json says about the CPython that wrote the pyc at |path|.
inline const nlohmann::json& VersionOf(const nlohmann::json& pyc) {
  return Expected()["versions"][pyc["python"].get<std::string>()];
}

// The bytes that |hex| spells.
inline std::string Unhex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

}  // namespace pycpack::inspect_test

#endif  // PYCPACK_TESTS_INSPECT_SAMPLES_H_
