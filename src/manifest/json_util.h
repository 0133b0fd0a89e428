// Helpers for validating a parsed JSON document against the manifest
// grammar: JSON paths for messages, type descriptions and object-shape
// checks. Every error is a kManifest Status whose message is
// "<json path>: <problem>"; ParseManifest prefixes the display name.
#ifndef PYCPACK_MANIFEST_JSON_UTIL_H_
#define PYCPACK_MANIFEST_JSON_UTIL_H_

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "pycpack/status.h"

namespace pycpack::manifest_internal {

// Objects keep their keys in document order, so errors come in that order.
using Json = nlohmann::ordered_json;

// The path of member |key| of the value at |parent|: "parent.key", or just
// "key" at the top level. Keys that are not identifiers are written as
// parent["key"] with JSON escaping.
std::string ChildPath(std::string_view parent, std::string_view key);
// The path of element |index| of the array at |parent|: "parent[index]".
std::string IndexPath(std::string_view parent, size_t index);
// In-place forms: turn the path in |*path| into that of a member / element.
void AppendChild(std::string* path, std::string_view key);
void AppendIndex(std::string* path, size_t index);

// |s| as a JSON string literal, quotes included.
std::string Quote(std::string_view s);

// "null", "boolean", "integer", "number", "string", "array" or "object".
// A number with no fractional part is an "integer" (as in JSON Schema).
std::string_view TypeName(const Json& value);

// The value of an integral number (1, -3, 2.0, 1e2); nullopt for anything
// else, including numbers outside the int64 range.
std::optional<int64_t> AsInteger(const Json& value);

// "<path>: <problem>", with the empty path spelled "top level".
Status FieldError(std::string_view path, std::string_view problem);
// "<path>: expected <expected>, got <type of value>".
Status TypeError(std::string_view path, std::string_view expected,
                 const Json& value);

// Ok if |value| is an object whose keys are all in |allowed| and which has
// every key in |required|. Otherwise names the first unknown key (by its own
// path) or the first missing required key.
Status CheckObject(const Json& value, std::string_view path,
                   std::initializer_list<std::string_view> allowed,
                   std::initializer_list<std::string_view> required);

// Stores |value| in |*out| if it is a string that is not empty; otherwise
// an error naming |path|, the value's path.
Status ReadNonEmptyString(const Json& value, std::string_view path,
                          std::string* out);

}  // namespace pycpack::manifest_internal

#endif  // PYCPACK_MANIFEST_JSON_UTIL_H_
