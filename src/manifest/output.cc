// One entry of "outputs".
#include <algorithm>
#include <string>
#include <vector>

#include "manifest/sections.h"

namespace pycpack::manifest_internal {
namespace {

Status ParseFormat(const Json& value, std::string_view path,
                   OutputFormat* out) {
  if (!value.is_string()) return TypeError(path, "a string", value);
  const std::string& name = value.get_ref<const std::string&>();
  std::optional<OutputFormat> format = ParseFormatName(name);
  if (!format) {
    return FieldError(path, "unknown format " + Quote(name) +
                                " (expected one of: dir, tar, tar.gz, "
                                "tar.zst, zip)");
  }
  *out = *format;
  return Status::Ok();
}

// A relative directory inside the artifact. Empty components are dropped
// and the result ends in exactly one '/'; "" stays "" (no prefix).
Status ParsePrefix(const Json& value, std::string_view path, std::string* out) {
  if (!value.is_string()) return TypeError(path, "a string", value);
  const std::string& prefix = value.get_ref<const std::string&>();
  if (!prefix.empty() && prefix[0] == '/') {
    return FieldError(path, "must be a relative path, got " + Quote(prefix));
  }
  std::string normal;
  size_t i = 0;
  while (i < prefix.size()) {
    size_t slash = std::min(prefix.find('/', i), prefix.size());
    std::string_view part = std::string_view(prefix).substr(i, slash - i);
    i = slash + 1;
    if (part.empty()) continue;
    if (part == "." || part == "..") {
      return FieldError(path,
                        "must not contain \".\" or \"..\" components, "
                        "got " +
                            Quote(prefix));
    }
    normal.append(part);
    normal += '/';
  }
  *out = std::move(normal);
  return Status::Ok();
}

// A non-empty array of distinct names of |what|s ("library", "target");
// existence is checked by the caller, once all of them are known.
Status ParseNames(const Json& value, std::string_view path, const char* what,
                  std::vector<std::string>* out) {
  if (!value.is_array()) return TypeError(path, "an array of strings", value);
  if (value.empty()) {
    return FieldError(path,
                      std::string("must not be empty (leave the key out to "
                                  "take every ") + what + ")");
  }
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string item = IndexPath(path, i);
    std::string name;
    PYCPACK_RETURN_IF_ERROR(ReadNonEmptyString(value[i], item, &name));
    if (std::find(out->begin(), out->end(), name) != out->end()) {
      return FieldError(item, what + (" " + Quote(name)) + " listed twice");
    }
    out->push_back(std::move(name));
  }
  return Status::Ok();
}

}  // namespace

Status ParseOutput(const Json& value, const std::string& path, Output* out) {
  PYCPACK_RETURN_IF_ERROR(CheckObject(value, path,
                                      {"path", "format", "prefix", "libraries",
                                       "targets"},
                                      {"path", "format"}));
  Output output;
  output.json_path = path;
  PYCPACK_RETURN_IF_ERROR(
      ReadNonEmptyString(value["path"], ChildPath(path, "path"), &output.path));
  PYCPACK_RETURN_IF_ERROR(
      ParseFormat(value["format"], ChildPath(path, "format"), &output.format));
  if (value.contains("prefix")) {
    PYCPACK_RETURN_IF_ERROR(ParsePrefix(
        value["prefix"], ChildPath(path, "prefix"), &output.prefix));
  }
  if (value.contains("libraries")) {
    PYCPACK_RETURN_IF_ERROR(ParseNames(value["libraries"],
                                       ChildPath(path, "libraries"), "library",
                                       &output.libraries));
  }
  if (value.contains("targets")) {
    PYCPACK_RETURN_IF_ERROR(ParseNames(value["targets"],
                                       ChildPath(path, "targets"), "target",
                                       &output.targets));
  }
  *out = std::move(output);
  return Status::Ok();
}

}  // namespace pycpack::manifest_internal
