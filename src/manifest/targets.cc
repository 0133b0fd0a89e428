// The "targets" array.
#include <map>
#include <string>

#include "manifest/sections.h"
#include "util/paths.h"

namespace pycpack::manifest_internal {
namespace {

constexpr char kExpected[] =
    "\"embedded\" or an object {\"python\": PROGRAM, \"name\": NAME}";

Status ParseTarget(const Json& value, const std::string& path,
                   std::string_view base_dir, TargetSpec* out) {
  out->json_path = path;
  if (value.is_string()) {
    if (value.get_ref<const std::string&>() != kEmbeddedTarget) {
      return FieldError(path, "unknown target " +
                                  Quote(value.get_ref<const std::string&>()) +
                                  " (expected " + kExpected + ")");
    }
    out->name = std::string(kEmbeddedTarget);
    return Status::Ok();
  }
  if (!value.is_object()) return TypeError(path, kExpected, value);
  PYCPACK_RETURN_IF_ERROR(CheckObject(value, path, {"python", "name"}, {"python"}));
  std::string python;
  PYCPACK_RETURN_IF_ERROR(
      ReadNonEmptyString(value["python"], ChildPath(path, "python"), &python));
  out->name = python;
  if (value.contains("name")) {
    PYCPACK_RETURN_IF_ERROR(
        ReadNonEmptyString(value["name"], ChildPath(path, "name"), &out->name));
  }
  out->python = python.find('/') == std::string::npos
                    ? python
                    : JoinPath(base_dir, python);
  return Status::Ok();
}

}  // namespace

Status ParseTargets(const Json& value, std::string_view base_dir,
                    std::vector<TargetSpec>* out) {
  if (!value.is_array()) return TypeError("targets", "an array", value);
  if (value.empty()) {
    return FieldError("targets",
                      "must not be empty (leave the key out to compile for "
                      "the embedded interpreter)");
  }
  std::map<std::string, std::string> seen;  // name -> json path
  for (size_t i = 0; i < value.size(); ++i) {
    TargetSpec t;
    PYCPACK_RETURN_IF_ERROR(ParseTarget(value[i], IndexPath("targets", i), base_dir, &t));
    auto [it, fresh] = seen.emplace(t.name, t.json_path);
    if (!fresh) {
      return FieldError(t.json_path, "duplicate target name " + Quote(t.name) +
                                         " (also used by " + it->second +
                                         "; give one a \"name\")");
    }
    out->push_back(std::move(t));
  }
  return Status::Ok();
}

}  // namespace pycpack::manifest_internal
