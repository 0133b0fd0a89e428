// Helpers for manifest tests: a small valid manifest that tests edit by
// JSON pointer, and a one-call "parse and return the error message".
#ifndef PYCPACK_TESTS_MANIFEST_MANIFEST_TEST_UTIL_H_
#define PYCPACK_TESTS_MANIFEST_MANIFEST_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "pycpack/manifest.h"

namespace pycpack::testing {

inline constexpr char kDisplay[] = "m.json";
inline constexpr char kBase[] = "/proj";

inline constexpr char kValidManifest[] = R"({
  "manifest_version": 1,
  "defaults": {"mode": "py+pyc-checked"},
  "libraries": [
    {"name": "app", "root": "src"},
    {"name": "vendor", "root": "third_party"}
  ],
  "outputs": [
    {"path": "dist/app.zip", "format": "zip"},
    {"path": "dist/app.tar.gz", "format": "tar.gz"}
  ]
})";

// One change to kValidManifest: set the value at |pointer| (RFC 6901) to
// the JSON text |json|, or remove it when |json| is nullopt.
struct Edit {
  std::string pointer;
  std::optional<std::string> json;
};

inline std::string Edited(std::initializer_list<Edit> edits) {
  using Json = nlohmann::ordered_json;
  Json doc = Json::parse(kValidManifest);
  for (const Edit& e : edits) {
    Json::json_pointer ptr(e.pointer);
    if (e.json) {
      doc[ptr] = Json::parse(*e.json);
    } else {
      Json& parent = doc[ptr.parent_pointer()];
      if (parent.is_array()) {
        parent.erase(std::stoul(ptr.back()));
      } else {
        parent.erase(ptr.back());
      }
    }
  }
  return doc.dump(2);
}

inline Result<Manifest> Parse(std::string_view text) {
  return ParseManifest(text, kDisplay, kBase);
}

// The error message for |text|, or "OK" if it parses. Fails the test if an
// error is not ErrorCode::kManifest.
inline std::string ErrorOf(std::string_view text) {
  Result<Manifest> m = Parse(text);
  if (m.ok()) return "OK";
  EXPECT_EQ(m.status().code(), ErrorCode::kManifest) << m.status().message();
  return m.status().message();
}

}  // namespace pycpack::testing

#endif  // PYCPACK_TESTS_MANIFEST_MANIFEST_TEST_UTIL_H_
