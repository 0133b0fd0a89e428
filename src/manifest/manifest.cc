// ParseManifest: the top level of a manifest v1 document and the rules that
// span sections.
#include <map>
#include <string>

#include "manifest/json_reader.h"
#include "manifest/sections.h"
#include "util/paths.h"

namespace pycpack {
namespace {

using manifest_internal::CheckObject;
using manifest_internal::ChildPath;
using manifest_internal::FieldError;
using manifest_internal::IndexPath;
using manifest_internal::Json;
using manifest_internal::Quote;
using manifest_internal::TypeError;

// Checked before anything else, so that a manifest written for a later
// version is reported as such rather than as a list of unknown keys.
Status CheckVersion(const Json& doc) {
  if (!doc.is_object()) return TypeError("", "an object", doc);
  if (!doc.contains("manifest_version")) {
    return FieldError("", "missing required key \"manifest_version\"");
  }
  const Json& value = doc["manifest_version"];
  if (manifest_internal::TypeName(value) != "integer") {
    return TypeError("manifest_version", "an integer", value);
  }
  std::optional<int64_t> version = manifest_internal::AsInteger(value);
  if (version != 1) {
    return FieldError("manifest_version", "unsupported manifest_version " +
                                              value.dump() +
                                              "; this pycpack reads version 1");
  }
  return Status::Ok();
}

// A required, non-empty array at top-level key |key|.
Status CheckList(const Json& doc, std::string_view key) {
  const Json& value = doc[std::string(key)];
  if (!value.is_array()) return TypeError(key, "an array of objects", value);
  if (value.empty()) return FieldError(key, "must not be empty");
  return Status::Ok();
}

Status ParseLibraries(const Json& list, std::string_view base_dir,
                      std::vector<Library>* out) {
  std::map<std::string, std::string> seen;  // name -> json path
  for (size_t i = 0; i < list.size(); ++i) {
    Library lib;
    PYCPACK_RETURN_IF_ERROR(manifest_internal::ParseLibrary(
        list[i], IndexPath("libraries", i), base_dir, &lib));
    auto [it, inserted] = seen.emplace(lib.name, lib.json_path);
    if (!inserted) {
      return FieldError(ChildPath(lib.json_path, "name"),
                        "duplicate library name " + Quote(lib.name) +
                            " (also used by " + it->second + ")");
    }
    out->push_back(std::move(lib));
  }
  return Status::Ok();
}

// Every name in |names| (the output's |key| list) is one of |items|' names.
template <typename T>
Status CheckNamesExist(const Output& output, const char* key,
                       const std::vector<std::string>& names,
                       const std::vector<T>& items, const char* what) {
  for (size_t i = 0; i < names.size(); ++i) {
    bool found = false;
    for (const T& item : items) found = found || item.name == names[i];
    if (!found) {
      return FieldError(IndexPath(ChildPath(output.json_path, key), i),
                        std::string("no ") + what + " named " + Quote(names[i]));
    }
  }
  return Status::Ok();
}

// Outputs refer only to existing libraries and targets and write distinct
// files.
Status CheckOutput(const Output& output, const Manifest& m,
                   std::map<std::string, std::string>* files) {
  PYCPACK_RETURN_IF_ERROR(CheckNamesExist(output, "libraries", output.libraries,
                                          m.libraries, "library"));
  PYCPACK_RETURN_IF_ERROR(
      CheckNamesExist(output, "targets", output.targets, m.targets, "target"));
  bool variant_found = output.variant.empty();
  for (const Variant& v : m.variants) variant_found = variant_found || v.name == output.variant;
  if (!variant_found) {
    return FieldError(ChildPath(output.json_path, "variant"),
                      "no variant named " + Quote(output.variant));
  }
  const std::string path_key = ChildPath(output.json_path, "path");
  auto [it, inserted] =
      files->emplace(JoinPath(m.base_dir, output.path), path_key);
  if (!inserted) {
    return FieldError(
        path_key, Quote(output.path) + " is the same file as " + it->second);
  }
  return Status::Ok();
}

Status ParseOutputs(const Json& list, Manifest* m) {
  std::map<std::string, std::string> files;  // resolved path -> json path
  for (size_t i = 0; i < list.size(); ++i) {
    Output output;
    PYCPACK_RETURN_IF_ERROR(manifest_internal::ParseOutput(
        list[i], IndexPath("outputs", i), &output));
    PYCPACK_RETURN_IF_ERROR(CheckOutput(output, *m, &files));
    m->outputs.push_back(std::move(output));
  }
  return Status::Ok();
}

Status ParseDocument(const Json& doc, Manifest* m) {
  PYCPACK_RETURN_IF_ERROR(CheckVersion(doc));
  PYCPACK_RETURN_IF_ERROR(manifest_internal::CheckNoControlCharacters(doc));
  PYCPACK_RETURN_IF_ERROR(CheckObject(
      doc, "",
      {"manifest_version", "defaults", "targets", "variants", "libraries",
       "outputs"},
      {"manifest_version", "libraries", "outputs"}));
  if (doc.contains("defaults")) {
    const Json& defaults = doc["defaults"];
    PYCPACK_RETURN_IF_ERROR(CheckObject(
        defaults, "defaults",
        {"mode", "optimize", "strip_docstrings", "source_path",
         "on_compile_error", "check_syntax"},
        {}));
    PYCPACK_RETURN_IF_ERROR(
        manifest_internal::ParseSettings(defaults, "defaults", &m->defaults));
  }
  if (doc.contains("targets")) {
    m->targets.clear();
    PYCPACK_RETURN_IF_ERROR(
        manifest_internal::ParseTargets(doc["targets"], m->base_dir, &m->targets));
  }
  if (doc.contains("variants")) {
    PYCPACK_RETURN_IF_ERROR(
        manifest_internal::ParseVariants(doc["variants"], &m->variants));
  }
  PYCPACK_RETURN_IF_ERROR(CheckList(doc, "libraries"));
  PYCPACK_RETURN_IF_ERROR(
      ParseLibraries(doc["libraries"], m->base_dir, &m->libraries));
  PYCPACK_RETURN_IF_ERROR(CheckList(doc, "outputs"));
  return ParseOutputs(doc["outputs"], m);
}

}  // namespace

Result<Manifest> ParseManifest(std::string_view text,
                               std::string_view display_name,
                               std::string_view base_dir) {
  if (base_dir.empty() || base_dir[0] != '/') {
    return InternalError(std::string(display_name) +
                         ": manifest base directory must be absolute, got \"" +
                         std::string(base_dir) + "\"");
  }
  Result<Json> doc = manifest_internal::ReadJson(text, display_name);
  if (!doc.ok()) return doc.status();
  Manifest m;
  m.path = std::string(display_name);
  m.base_dir = NormalizePath(base_dir);
  try {
    Status st = ParseDocument(doc.value(), &m);
    if (!st.ok()) return st.WithContext(display_name);
  } catch (const nlohmann::json::exception& e) {
    // Not expected: every access is type-checked first.
    return InternalError(std::string(display_name) + ": " + e.what());
  }
  return m;
}

}  // namespace pycpack
