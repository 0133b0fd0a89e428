#include "manifest/json_util.h"

#include <cmath>

namespace pycpack::manifest_internal {
namespace {

bool IsIdentifier(std::string_view key) {
  if (key.empty()) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool alpha =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

std::string JoinNames(std::initializer_list<std::string_view> names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace

void AppendChild(std::string* path, std::string_view key) {
  if (!IsIdentifier(key)) {
    *path += '[';
    *path += Quote(key);
    *path += ']';
    return;
  }
  if (!path->empty()) *path += '.';
  *path += key;
}

void AppendIndex(std::string* path, size_t index) {
  *path += '[';
  *path += std::to_string(index);
  *path += ']';
}

std::string ChildPath(std::string_view parent, std::string_view key) {
  std::string out(parent);
  AppendChild(&out, key);
  return out;
}

std::string IndexPath(std::string_view parent, size_t index) {
  std::string out(parent);
  AppendIndex(&out, index);
  return out;
}

std::string Quote(std::string_view s) {
  return Json(std::string(s))
      .dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<int64_t> AsInteger(const Json& value) {
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    return value.get<int64_t>();
  }
  if (value.is_number_unsigned()) {
    const uint64_t u = value.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    // 2^63 is the first double above the int64 range.
    if (!std::isfinite(d) || std::trunc(d) != d || d < -9.2233720368547758e18 ||
        d >= 9.2233720368547758e18) {
      return std::nullopt;
    }
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

std::string_view TypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "integer";
    case Json::value_t::number_float: {
      const double d = value.get<double>();
      return std::isfinite(d) && std::trunc(d) == d ? "integer" : "number";
    }
    case Json::value_t::string:
      return "string";
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    default:
      return "unsupported value";
  }
}

Status FieldError(std::string_view path, std::string_view problem) {
  std::string msg(path.empty() ? std::string_view("top level") : path);
  msg += ": ";
  msg += problem;
  return ManifestError(std::move(msg));
}

Status TypeError(std::string_view path, std::string_view expected,
                 const Json& value) {
  std::string problem = "expected ";
  problem += expected;
  problem += ", got ";
  problem += TypeName(value);
  return FieldError(path, problem);
}

Status CheckObject(const Json& value, std::string_view path,
                   std::initializer_list<std::string_view> allowed,
                   std::initializer_list<std::string_view> required) {
  if (!value.is_object()) return TypeError(path, "an object", value);
  for (const auto& [key, member] : value.items()) {
    bool known = false;
    for (std::string_view name : allowed) known = known || name == key;
    if (!known) {
      return FieldError(ChildPath(path, key), "unknown key (expected one of: " +
                                                  JoinNames(allowed) + ")");
    }
  }
  for (std::string_view name : required) {
    if (!value.contains(name)) {
      return FieldError(path, "missing required key " + Quote(name));
    }
  }
  return Status::Ok();
}

Status ReadNonEmptyString(const Json& value, std::string_view path,
                          std::string* out) {
  if (!value.is_string()) return TypeError(path, "a string", value);
  if (value.get_ref<const std::string&>().empty()) {
    return FieldError(path, "must not be empty");
  }
  *out = value.get<std::string>();
  return Status::Ok();
}

}  // namespace pycpack::manifest_internal
