#include "manifest/json_reader.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace pycpack::manifest_internal {
namespace {

// Builds a Json document from SAX events, stopping at the first repeated
// key (recorded in duplicate_path()) or syntax error (recorded in
// error_offset() / error_what()).
class DomBuilder : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return Add(Json(nullptr)); }
  bool boolean(bool b) override { return Add(Json(b)); }
  bool number_integer(number_integer_t v) override { return Add(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Add(Json(v)); }
  bool number_float(number_float_t v, const string_t&) override {
    return Add(Json(v));
  }
  bool string(string_t& s) override { return Add(Json(std::move(s))); }
  bool binary(binary_t& b) override { return Add(Json::binary(std::move(b))); }
  bool start_object(std::size_t) override { return Open(Json::object()); }
  bool start_array(std::size_t) override { return Open(Json::array()); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }

  bool key(string_t& k) override {
    Frame& top = stack_.back();
    if (top.value->contains(k)) {
      duplicate_path_ = ChildPath(OpenPath(), k);
      return false;
    }
    top.key = std::move(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    error_offset_ = position == 0 ? 0 : position - 1;
    error_what_ = ex.what();
    return false;
  }

  Json& root() { return root_; }
  const std::string& duplicate_path() const { return duplicate_path_; }
  size_t error_offset() const { return error_offset_; }
  const std::string& error_what() const { return error_what_; }

 private:
  struct Frame {
    Json* value;      // the open object or array
    std::string key;  // objects: the key of the member being read
  };

  // The JSON path of the innermost open container. Each open container is
  // the last element of its parent (arrays) or the member under the
  // parent's current key (objects). Computed only for an error message, so
  // that reading stays linear in the nesting depth.
  std::string OpenPath() const {
    std::string path;
    for (size_t i = 0; i + 1 < stack_.size(); ++i) {
      const Frame& parent = stack_[i];
      if (parent.value->is_array()) {
        AppendIndex(&path, parent.value->size() - 1);
      } else {
        AppendChild(&path, parent.key);
      }
    }
    return path;
  }

  // Stores |v| in the innermost open container (or as the root) and returns
  // where it now lives. Pointers to the open containers stay valid: only
  // the innermost one grows.
  Json* Insert(Json v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Json& top = *stack_.back().value;
    if (top.is_array()) {
      top.push_back(std::move(v));
      return &top.back();
    }
    Json& slot = top[stack_.back().key];
    slot = std::move(v);
    return &slot;
  }

  bool Add(Json v) {
    Insert(std::move(v));
    return true;
  }

  bool Open(Json empty) {
    Json* where = Insert(std::move(empty));
    stack_.push_back(Frame{where, {}});
    return true;
  }

  bool Close() {
    stack_.pop_back();
    return true;
  }

  Json root_;
  std::vector<Frame> stack_;
  std::string duplicate_path_;
  size_t error_offset_ = 0;
  std::string error_what_;
};

// nlohmann's what() reads "[json.exception.parse_error.101] parse error at
// line 1, column 5: syntax error while ..."; keep the part after the
// position, which says what went wrong.
std::string Explanation(const std::string& what) {
  size_t at = what.find("column ");
  if (at == std::string::npos) at = what.find("] ");
  size_t colon = at == std::string::npos ? at : what.find(": ", at);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

}  // namespace

TextPosition PositionOf(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition pos;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      line_start = i + 1;
    }
  }
  for (size_t i = line_start; i < offset; ++i) {
    // Count every byte except UTF-8 continuation bytes (10xxxxxx).
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++pos.column;
  }
  return pos;
}

Result<Json> ReadJson(std::string_view text, std::string_view display_name) {
  DomBuilder builder;
  const bool ok = Json::sax_parse(text.begin(), text.end(), &builder,
                                  Json::input_format_t::json, /*strict=*/true);
  if (ok) return std::move(builder.root());
  std::string msg(display_name);
  if (!builder.duplicate_path().empty()) {
    msg += ": " + builder.duplicate_path() + ": duplicate key";
    return ManifestError(std::move(msg));
  }
  const TextPosition pos = PositionOf(text, builder.error_offset());
  msg += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) +
         ": invalid JSON: " + Explanation(builder.error_what());
  return ManifestError(std::move(msg));
}

}  // namespace pycpack::manifest_internal
