// Strict JSON reading for the manifest: RFC 8259 syntax (no comments, no
// trailing commas), UTF-8, and no key repeated within one object.
#ifndef PYCPACK_MANIFEST_JSON_READER_H_
#define PYCPACK_MANIFEST_JSON_READER_H_

#include <string_view>

#include "manifest/json_util.h"
#include "pycpack/status.h"

namespace pycpack::manifest_internal {

// Parses |text| into a document whose objects keep document order.
// Errors (kManifest):
//   "<display_name>:<line>:<col>: invalid JSON: <what>" for a syntax error,
//     line and column 1-based, the column counted in characters (UTF-8);
//   "<display_name>: <json path>: duplicate key" for a repeated key.
Result<Json> ReadJson(std::string_view text, std::string_view display_name);

// The 1-based line and column of the character at byte |offset| of |text|
// (an offset past the end means the end). Columns count UTF-8 characters.
struct TextPosition {
  size_t line = 1;
  size_t column = 1;
};
TextPosition PositionOf(std::string_view text, size_t offset);

}  // namespace pycpack::manifest_internal

#endif  // PYCPACK_MANIFEST_JSON_READER_H_
