// The "variants" object.
#include <string>

#include "manifest/sections.h"

namespace pycpack::manifest_internal {

Status ParseVariants(const Json& value, std::vector<Variant>* out) {
  if (!value.is_object()) return TypeError("variants", "an object", value);
  if (value.empty()) {
    return FieldError("variants",
                      "must not be empty (leave the key out for a build "
                      "without variants)");
  }
  for (const auto& [name, v] : value.items()) {
    std::string path = ChildPath("variants", name);
    if (name.empty()) return FieldError("variants", "a variant name must not be empty");
    PYCPACK_RETURN_IF_ERROR(CheckObject(
        v, path,
        {"mode", "optimize", "strip_docstrings", "source_path",
         "on_compile_error", "check_syntax", "force_mode", "retain_sources"},
        {}));
    Variant variant;
    variant.name = name;
    variant.json_path = path;
    PYCPACK_RETURN_IF_ERROR(ParseSettings(v, path, &variant.settings));
    if (v.contains("force_mode")) {
      Settings forced;
      Json mode_only = Json::object();
      mode_only["mode"] = v["force_mode"];
      Status s = ParseSettings(mode_only, path, &forced);
      if (!s.ok()) {
        // Name the key the user wrote.
        return FieldError(ChildPath(path, "force_mode"),
                          "unknown mode " + v["force_mode"].dump() +
                              " (expected one of: py-only, pyc-only, "
                              "py+pyc-checked, py+pyc-unchecked)");
      }
      if (!forced.mode) {
        return FieldError(ChildPath(path, "force_mode"),
                          "\"inherit\" forces nothing; leave the key out");
      }
      variant.force_mode = forced.mode;
    }
    if (v.contains("retain_sources")) {
      const Json& r = v["retain_sources"];
      if (!r.is_boolean()) {
        return TypeError(ChildPath(path, "retain_sources"), "a boolean", r);
      }
      variant.retain_sources = r.get<bool>();
    }
    out->push_back(std::move(variant));
  }
  return Status::Ok();
}

}  // namespace pycpack::manifest_internal
