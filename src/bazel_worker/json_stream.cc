#include "bazel_worker/json_stream.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pycpack {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

Result<std::optional<size_t>> ObjectScanner::Scan(std::string_view buf) {
  for (; pos_ < buf.size(); ++pos_) {
    const char c = buf[pos_];
    if (!started_) {
      if (IsSpace(c)) continue;
      if (c != '{') {
        return UsageError("expected a JSON object, found '" + std::string(1, c) + "'");
      }
      started_ = true;
    }
    if (in_string_) {
      if (escaped_) escaped_ = false;
      else if (c == '\\') escaped_ = true;
      else if (c == '"') in_string_ = false;
      continue;
    }
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if (c == '}' || c == ']') {
      if (--depth_ < 0) return UsageError("unbalanced '" + std::string(1, c) + "'");
      if (depth_ == 0) return std::optional<size_t>(++pos_);
    }
  }
  return std::optional<size_t>();
}

Result<std::optional<nlohmann::json>> JsonObjectReader::Next() {
  for (;;) {
    Result<std::optional<size_t>> end = scanner_.Scan(buf_);
    if (!end.ok()) return end.status();
    if (end->has_value()) {
      nlohmann::json j = nlohmann::json::parse(buf_.begin(), buf_.begin() + **end, nullptr,
                                               /*allow_exceptions=*/false);
      buf_.erase(0, **end);
      scanner_.Reset();
      if (j.is_discarded() || !j.is_object()) return UsageError("malformed JSON object");
      return std::optional<nlohmann::json>(std::move(j));
    }
    if (eof_) {
      if (!scanner_.started()) return std::optional<nlohmann::json>();
      return UsageError("end of input inside a JSON object");
    }
    if (buf_.size() > max_object_) {
      return UsageError("a JSON object larger than " + std::to_string(max_object_) + " bytes");
    }
    char chunk[65536];
    ssize_t n = read(fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError(std::string("read: ") + std::strerror(errno));
    if (n == 0) eof_ = true;
    buf_.append(chunk, static_cast<size_t>(n));
  }
}

}  // namespace pycpack
