// Reading a stream of JSON objects written back to back, as Bazel writes
// WorkRequests: Bazel 4 sends compact objects with no newline between them
// (two may arrive in one read, or one across several), newer Bazel ends
// each with a newline. A line-based reader would hang on the former.
#ifndef PYCPACK_BAZEL_WORKER_JSON_STREAM_H_
#define PYCPACK_BAZEL_WORKER_JSON_STREAM_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "pycpack/status.h"

namespace pycpack {

// Finds where the first JSON object of a growing buffer ends, scanning each
// byte once however the buffer arrives: Scan(buf) continues where the last
// call stopped (|buf| must start with the bytes seen before). Strings and
// escapes are honoured, so braces inside strings do not count.
class ObjectScanner {
 public:
  // The offset just past the first object's closing brace (leading
  // whitespace skipped); nullopt when |buf| holds only whitespace or the
  // start of an object; an error when it holds something that cannot start
  // one (the stream is not JSON objects) or an unbalanced bracket.
  Result<std::optional<size_t>> Scan(std::string_view buf);
  // Forgets everything: the next Scan starts a new object at offset 0.
  void Reset() { *this = ObjectScanner(); }
  bool started() const { return started_; }

 private:
  size_t pos_ = 0;
  int depth_ = 0;
  bool started_ = false, in_string_ = false, escaped_ = false;
};

class JsonObjectReader {
 public:
  // Reads from |fd| (not owned), in chunks; an object larger than
  // |max_object| bytes is an error, so memory stays bounded.
  explicit JsonObjectReader(int fd, size_t max_object = 64u << 20)
      : fd_(fd), max_object_(max_object) {}

  // The next object; nullopt at end of file between objects. Fails on a
  // read error, malformed JSON, a value that is not an object, end of file
  // inside an object, or an object over the limit.
  Result<std::optional<nlohmann::json>> Next();

 private:
  int fd_;
  size_t max_object_;
  std::string buf_;
  ObjectScanner scanner_;
  bool eof_ = false;
};

}  // namespace pycpack

#endif  // PYCPACK_BAZEL_WORKER_JSON_STREAM_H_
