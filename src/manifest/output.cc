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
                                "tar.zst, zip, wheel, lambda-layer, "
                                "oci-layer)");
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


// A distribution name as the wheel specification allows (PEP 508 names).
Status ParseDistName(const Json& value, std::string_view path, std::string* out) {
  PYCPACK_RETURN_IF_ERROR(ReadNonEmptyString(value, path, out));
  auto alnum = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  bool ok = alnum(out->front()) && alnum(out->back());
  for (char c : *out) ok = ok && (alnum(c) || c == '.' || c == '_' || c == '-');
  if (!ok) {
    return FieldError(path, "invalid distribution name " + Quote(*out) +
                                " (letters, digits, '.', '_' and '-', starting "
                                "and ending with a letter or digit)");
  }
  return Status::Ok();
}

// A version for a wheel file name: PEP 440 characters, no '-'.
Status ParseVersion(const Json& value, std::string_view path, std::string* out) {
  PYCPACK_RETURN_IF_ERROR(ReadNonEmptyString(value, path, out));
  bool ok = (*out)[0] >= '0' && (*out)[0] <= '9';
  for (char c : *out) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                (c >= '0' && c <= '9') || c == '.' || c == '!' || c == '+');
  }
  if (!ok) {
    return FieldError(path, "invalid version " + Quote(*out) +
                                " (a PEP 440 version such as 1.0 or 2.1.0rc1, "
                                "starting with a digit)");
  }
  return Status::Ok();
}

Status ParseWheelFields(const Json& value, const std::string& path,
                        WheelMetadata* out) {
  if (value.contains("name")) {
    PYCPACK_RETURN_IF_ERROR(ParseDistName(value["name"], ChildPath(path, "name"), &out->name));
  }
  if (value.contains("version")) {
    PYCPACK_RETURN_IF_ERROR(
        ParseVersion(value["version"], ChildPath(path, "version"), &out->version));
  }
  if (out->name.empty() != out->version.empty()) {
    return FieldError(path, "give both \"name\" and \"version\", or neither "
                            "(then they come from the .dist-info the output holds)");
  }
  for (auto [key, field] : {std::pair<const char*, std::string*>{"summary", &out->summary},
                            {"requires_python", &out->requires_python},
                            {"license", &out->license}}) {
    if (!value.contains(key)) continue;
    const Json& v = value[key];
    std::string where = ChildPath(path, key);
    if (!v.is_string()) return TypeError(where, "a string", v);
    *field = v.get<std::string>();
    if (field->find_first_of("\r\n") != std::string::npos) {
      return FieldError(where, "must be one line");
    }
  }
  if (value.contains("description")) {
    const Json& v = value["description"];
    if (!v.is_string()) return TypeError(ChildPath(path, "description"), "a string", v);
    out->description = v.get<std::string>();
  }
  if (value.contains("requires_dist")) {
    const Json& v = value["requires_dist"];
    std::string where = ChildPath(path, "requires_dist");
    if (!v.is_array()) return TypeError(where, "an array of strings", v);
    for (size_t i = 0; i < v.size(); ++i) {
      std::string req;
      PYCPACK_RETURN_IF_ERROR(ReadNonEmptyString(v[i], IndexPath(where, i), &req));
      if (req.find_first_of("\r\n") != std::string::npos) {
        return FieldError(IndexPath(where, i), "must be one line");
      }
      out->requires_dist.push_back(std::move(req));
    }
  }
  return Status::Ok();
}

Status ParseCompression(const Json& value, std::string_view path,
                        Compression* out) {
  if (!value.is_string()) return TypeError(path, "a string", value);
  const std::string& name = value.get_ref<const std::string&>();
  for (Compression c : {Compression::kNone, Compression::kGzip, Compression::kZstd}) {
    if (CompressionName(c) == name) {
      *out = c;
      return Status::Ok();
    }
  }
  return FieldError(path, "unknown compression " + Quote(name) +
                              " (expected one of: none, gzip, zstd)");
}

// Keys that only some formats take.
constexpr const char* kWheelKeys[] = {"name", "version", "summary",
                                      "requires_python", "license",
                                      "requires_dist", "description"};

}  // namespace

Status ParseOutput(const Json& value, const std::string& path, Output* out) {
  PYCPACK_RETURN_IF_ERROR(CheckObject(
      value, path,
      {"path", "format", "prefix", "libraries", "targets", "variant",
       "compression", "max_unpacked_size", "name", "version", "summary",
       "requires_python", "license", "requires_dist", "description"},
      {"path", "format"}));
  Output output;
  output.json_path = path;
  PYCPACK_RETURN_IF_ERROR(
      ReadNonEmptyString(value["path"], ChildPath(path, "path"), &output.path));
  PYCPACK_RETURN_IF_ERROR(
      ParseFormat(value["format"], ChildPath(path, "format"), &output.format));
  if (value.contains("compression")) {
    if (output.format != OutputFormat::kOciLayer) {
      return FieldError(ChildPath(path, "compression"), "only for format oci-layer");
    }
    PYCPACK_RETURN_IF_ERROR(ParseCompression(
        value["compression"], ChildPath(path, "compression"), &output.compression));
  }
  for (const char* key : kWheelKeys) {
    if (value.contains(key) && output.format != OutputFormat::kWheel) {
      return FieldError(ChildPath(path, key), "only for format wheel");
    }
  }
  if (output.format == OutputFormat::kWheel) {
    PYCPACK_RETURN_IF_ERROR(ParseWheelFields(value, path, &output.wheel));
  }
  if (output.format == OutputFormat::kLambdaLayer) {
    output.prefix = "python/";
    output.max_unpacked_size = kLambdaUnpackedLimit;
  }
  if (value.contains("max_unpacked_size")) {
    const std::string where = ChildPath(path, "max_unpacked_size");
    std::optional<int64_t> n = AsInteger(value["max_unpacked_size"]);
    if (!n) return TypeError(where, "a positive integer (bytes)", value["max_unpacked_size"]);
    if (*n <= 0) return FieldError(where, "must be a positive number of bytes");
    output.max_unpacked_size = static_cast<uint64_t>(*n);
  }
  if (value.contains("prefix")) {
    PYCPACK_RETURN_IF_ERROR(ParsePrefix(
        value["prefix"], ChildPath(path, "prefix"), &output.prefix));
    if (output.format == OutputFormat::kLambdaLayer &&
        output.prefix.rfind("python/", 0) != 0) {
      return FieldError(ChildPath(path, "prefix"),
                        "a Lambda layer's files live under python/ (e.g. "
                        "\"python/\" or \"python/lib/python3.12/site-packages/\"), "
                        "got " + Quote(output.prefix));
    }
    if (output.format == OutputFormat::kWheel && !output.prefix.empty()) {
      return FieldError(ChildPath(path, "prefix"),
                        "a wheel's files are relative to its root; no prefix");
    }
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
  if (value.contains("variant")) {
    PYCPACK_RETURN_IF_ERROR(ReadNonEmptyString(
        value["variant"], ChildPath(path, "variant"), &output.variant));
  }
  *out = std::move(output);
  return Status::Ok();
}

}  // namespace pycpack::manifest_internal
