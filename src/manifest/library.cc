// One entry of "libraries".
#include <string>
#include <vector>

#include "manifest/sections.h"
#include "util/glob.h"
#include "util/paths.h"

namespace pycpack::manifest_internal {
namespace {

bool IsNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

Status ParseName(const Json& value, std::string_view path, std::string* out) {
  PYCPACK_RETURN_IF_ERROR(ReadNonEmptyString(value, path, out));
  for (char c : *out) {
    if (!IsNameChar(c)) {
      return FieldError(path, "invalid library name " + Quote(*out) +
                                  " (use only letters A-Z a-z, digits, '.', "
                                  "'_' and '-')");
    }
  }
  return Status::Ok();
}

// An array of valid glob patterns; |allow_empty| false rejects "[]".
Status ParseGlobs(const Json& value, std::string_view path, bool allow_empty,
                  std::vector<std::string>* out) {
  if (!value.is_array()) return TypeError(path, "an array of strings", value);
  if (value.empty() && !allow_empty) {
    return FieldError(path,
                      "must not be empty (leave the key out to include "
                      "everything under root)");
  }
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string item = IndexPath(path, i);
    if (!value[i].is_string()) return TypeError(item, "a string", value[i]);
    const std::string& pattern = value[i].get_ref<const std::string&>();
    Status valid = ValidateGlob(pattern);
    if (!valid.ok()) return FieldError(item, valid.message());
    out->push_back(pattern);
  }
  return Status::Ok();
}

// Exactly one of "root" and "wheel": the library's directory, or a wheel
// the build extracts into one.
Status ParseSource(const Json& value, const std::string& path,
                   std::string_view base_dir, Library* lib) {
  const bool has_root = value.contains("root");
  if (has_root == value.contains("wheel")) {
    return FieldError(path, has_root
                                ? "\"root\" and \"wheel\" exclude each other "
                                  "(a library is a directory or a wheel)"
                                : "missing required key \"root\" or \"wheel\"");
  }
  const char* key = has_root ? "root" : "wheel";
  std::string text;
  PYCPACK_RETURN_IF_ERROR(
      ReadNonEmptyString(value[key], ChildPath(path, key), &text));
  (has_root ? lib->root : lib->wheel) = JoinPath(base_dir, text);
  return Status::Ok();
}

}  // namespace

Status ParseLibrary(const Json& value, const std::string& path,
                    std::string_view base_dir, Library* out) {
  PYCPACK_RETURN_IF_ERROR(
      CheckObject(value, path,
                  {"name", "root", "wheel", "include", "exclude", "mode",
                   "optimize", "strip_docstrings", "source_path"},
                  {"name"}));
  Library lib;
  lib.json_path = path;
  PYCPACK_RETURN_IF_ERROR(ParseSource(value, path, base_dir, &lib));
  PYCPACK_RETURN_IF_ERROR(
      ParseName(value["name"], ChildPath(path, "name"), &lib.name));
  if (value.contains("include")) {
    PYCPACK_RETURN_IF_ERROR(ParseGlobs(value["include"],
                                       ChildPath(path, "include"),
                                       /*allow_empty=*/false, &lib.include));
  }
  if (value.contains("exclude")) {
    PYCPACK_RETURN_IF_ERROR(ParseGlobs(value["exclude"],
                                       ChildPath(path, "exclude"),
                                       /*allow_empty=*/true, &lib.exclude));
  }
  PYCPACK_RETURN_IF_ERROR(ParseSettings(value, path, &lib.settings));
  *out = std::move(lib);
  return Status::Ok();
}

}  // namespace pycpack::manifest_internal
