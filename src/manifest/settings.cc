// "defaults" and the per-library compile settings.
#include <algorithm>
#include <string>

#include "manifest/sections.h"

namespace pycpack::manifest_internal {
namespace {

Status ParseMode(const Json& value, std::string_view path,
                 std::optional<Mode>* out) {
  if (!value.is_string()) return TypeError(path, "a string", value);
  const std::string& name = value.get_ref<const std::string&>();
  std::optional<Mode> mode = ParseModeName(name);
  if (!mode) {
    return FieldError(path, "unknown mode " + Quote(name) +
                                " (expected one of: inherit, py-only, "
                                "pyc-only, py+pyc-checked, py+pyc-unchecked)");
  }
  // "inherit" says "not set here", exactly as if the key were absent.
  if (*mode == Mode::kInherit) {
    out->reset();
  } else {
    *out = *mode;
  }
  return Status::Ok();
}

Status ParseOptimize(const Json& value, std::string_view path,
                     std::vector<int>* out) {
  if (!value.is_array()) {
    return TypeError(path, "an array of integers", value);
  }
  if (value.empty()) {
    return FieldError(path, "must not be empty (list 0, 1 and/or 2)");
  }
  std::vector<int> levels;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string item = IndexPath(path, i);
    if (TypeName(value[i]) != "integer") {
      return TypeError(item, "an integer", value[i]);
    }
    std::optional<int64_t> level = AsInteger(value[i]);  // none if huge
    if (!level || *level < 0 || *level > 2) {
      return FieldError(item, "optimization level " + value[i].dump() +
                                  " is not one of 0, 1, 2");
    }
    if (std::find(levels.begin(), levels.end(), *level) != levels.end()) {
      return FieldError(item, "duplicate level " + std::to_string(*level));
    }
    levels.push_back(static_cast<int>(*level));
  }
  std::sort(levels.begin(), levels.end());
  *out = std::move(levels);
  return Status::Ok();
}

Status ParseSourcePath(const Json& value, std::string_view path,
                       SourcePath* out) {
  if (value.is_string()) {
    if (value.get_ref<const std::string&>() != "relative") {
      return FieldError(path, "unknown value " +
                                  Quote(value.get<std::string>()) +
                                  " (expected \"relative\" or "
                                  "{\"prefix\": \"...\"})");
    }
    *out = SourcePath{};
    return Status::Ok();
  }
  if (!value.is_object()) {
    return TypeError(path, "\"relative\" or an object {\"prefix\": ...}",
                     value);
  }
  PYCPACK_RETURN_IF_ERROR(CheckObject(value, path, {"prefix"}, {"prefix"}));
  SourcePath sp;
  sp.relative = false;
  PYCPACK_RETURN_IF_ERROR(ReadNonEmptyString(
      value["prefix"], ChildPath(path, "prefix"), &sp.prefix));
  *out = std::move(sp);
  return Status::Ok();
}

Status ParseCompileErrorPolicy(const Json& value, std::string_view path,
                               std::optional<CompileErrorPolicy>* out) {
  if (!value.is_string()) return TypeError(path, "a string", value);
  const std::string& name = value.get_ref<const std::string&>();
  if (name == "fail") {
    *out = CompileErrorPolicy::kFail;
  } else if (name == "keep-source") {
    *out = CompileErrorPolicy::kKeepSource;
  } else {
    return FieldError(path, "unknown value " + Quote(name) +
                                " (expected \"fail\" or \"keep-source\")");
  }
  return Status::Ok();
}

}  // namespace

Status ParseSettings(const Json& obj, std::string_view path, Settings* out) {
  if (obj.contains("mode")) {
    PYCPACK_RETURN_IF_ERROR(
        ParseMode(obj["mode"], ChildPath(path, "mode"), &out->mode));
  }
  if (obj.contains("optimize")) {
    std::vector<int> levels;
    PYCPACK_RETURN_IF_ERROR(
        ParseOptimize(obj["optimize"], ChildPath(path, "optimize"), &levels));
    out->optimize = std::move(levels);
  }
  if (obj.contains("strip_docstrings")) {
    const Json& value = obj["strip_docstrings"];
    if (!value.is_boolean()) {
      return TypeError(ChildPath(path, "strip_docstrings"), "a boolean", value);
    }
    out->strip_docstrings = value.get<bool>();
  }
  if (obj.contains("source_path")) {
    SourcePath sp;
    PYCPACK_RETURN_IF_ERROR(ParseSourcePath(
        obj["source_path"], ChildPath(path, "source_path"), &sp));
    out->source_path = std::move(sp);
  }
  if (obj.contains("on_compile_error")) {
    PYCPACK_RETURN_IF_ERROR(ParseCompileErrorPolicy(
        obj["on_compile_error"], ChildPath(path, "on_compile_error"),
        &out->on_compile_error));
  }
  if (obj.contains("check_syntax")) {
    const Json& value = obj["check_syntax"];
    if (!value.is_boolean()) {
      return TypeError(ChildPath(path, "check_syntax"), "a boolean", value);
    }
    out->check_syntax = value.get<bool>();
  }
  return Status::Ok();
}

}  // namespace pycpack::manifest_internal
