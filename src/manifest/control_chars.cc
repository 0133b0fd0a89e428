// Manifest strings may not hold control characters: they are paths, names,
// prefixes, globs and versions, which a control character would corrupt
// (a NUL cuts a path short for the operating system, a newline splits a
// report line in two, an escape sequence reaches the terminal).
#include <string>
#include <string_view>

#include "manifest/json_util.h"
#include "manifest/sections.h"
#include "util/escape.h"

namespace pycpack::manifest_internal {
namespace {

// Free text, where line breaks and tabs are fine (a wheel's description).
bool IsFreeText(std::string_view key) { return key == "description"; }

Status CheckString(const std::string& s, std::string_view path, bool free_text) {
  std::string rest = s;
  if (free_text) {
    for (char& c : rest) {
      if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    }
  }
  if (!HasControlCharacter(rest)) return Status::Ok();
  return FieldError(path, "\"" + EscapeControls(s) +
                              "\" holds a control character (paths, names, prefixes, "
                              "globs and versions may not)");
}

Status CheckValue(const Json& value, const std::string& path, bool free_text) {
  if (value.is_string()) return CheckString(value.get<std::string>(), path, free_text);
  if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      PYCPACK_RETURN_IF_ERROR(CheckValue(value[i], IndexPath(path, i), free_text));
    }
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (HasControlCharacter(it.key())) {
        return FieldError(path, "a key \"" + EscapeControls(it.key()) +
                                    "\" holds a control character");
      }
      PYCPACK_RETURN_IF_ERROR(
          CheckValue(it.value(), ChildPath(path, it.key()), IsFreeText(it.key())));
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckNoControlCharacters(const Json& doc) { return CheckValue(doc, "", false); }

}  // namespace pycpack::manifest_internal
