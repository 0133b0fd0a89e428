// One entry of "libraries".
#include <set>
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

// Why |file| is not a plain relative path (an entry of "files"); "" if it
// is one.
std::string FilePathProblem(const std::string& file) {
  if (file.empty()) return "must not be empty";
  if (file.find('\0') != std::string::npos) return "must not contain a NUL";
  if (file[0] == '/') return "must be relative to root, not absolute";
  for (std::string_view part : SplitPath(file)) {
    if (part.empty()) return "must not have an empty component ('a//b', 'a/')";
    if (part == "." || part == "..") {
      return "must not have a '.' or '..' component";
    }
  }
  return "";
}

// "files": an array of distinct relative paths (see Library::files).
Status ParseFiles(const Json& value, std::string_view path,
                  std::vector<std::string>* out) {
  if (!value.is_array()) return TypeError(path, "an array of strings", value);
  std::set<std::string_view> seen;
  out->reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string item = IndexPath(path, i);
    if (!value[i].is_string()) return TypeError(item, "a string", value[i]);
    const std::string& file = value[i].get_ref<const std::string&>();
    std::string problem = FilePathProblem(file);
    if (!problem.empty()) return FieldError(item, Quote(file) + ": " + problem);
    if (!seen.insert(file).second) {
      return FieldError(item, Quote(file) + " is listed twice");
    }
    out->push_back(file);
  }
  return Status::Ok();
}

// "files" replaces the walk: it needs a root, and include/exclude, which
// select what a walk finds, have nothing to act on.
Status CheckFilesCompatible(const Json& value, const std::string& path) {
  for (const char* key : {"include", "exclude", "wheel"}) {
    if (value.contains(key)) {
      return FieldError(ChildPath(path, key),
                        std::string("not allowed with \"files\" (") +
                            (key[0] == 'w' ? "files are listed below a root"
                                           : "the listed files are taken as "
                                             "they are") +
                            ")");
    }
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
                  {"name", "root", "wheel", "files", "include", "exclude",
                   "mode", "optimize", "strip_docstrings", "source_path",
                   "on_compile_error", "check_syntax"},
                  {"name"}));
  Library lib;
  lib.json_path = path;
  PYCPACK_RETURN_IF_ERROR(ParseSource(value, path, base_dir, &lib));
  PYCPACK_RETURN_IF_ERROR(
      ParseName(value["name"], ChildPath(path, "name"), &lib.name));
  if (value.contains("files")) {
    PYCPACK_RETURN_IF_ERROR(CheckFilesCompatible(value, path));
    lib.files.emplace();
    PYCPACK_RETURN_IF_ERROR(
        ParseFiles(value["files"], ChildPath(path, "files"), &*lib.files));
  }
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
