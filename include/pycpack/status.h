// One error type for the whole library: a Status carries a code and a
// human-readable message; Result<T> is a value or a non-ok Status.
// Each layer adds context with WithContext ("manifest.json: " + message).
#ifndef PYCPACK_STATUS_H_
#define PYCPACK_STATUS_H_

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace pycpack {

enum class ErrorCode {
  kOk = 0,
  kUsage,     // bad command line
  kManifest,  // the manifest is invalid
  kCompile,   // a source file failed to compile
  kIo,        // reading or writing a file failed
  kUnsafe,    // a path or input that would escape its root
  kInternal,  // a bug or an unexpected state of a dependency
  kInterrupted,  // SIGINT or SIGTERM arrived
  kBudget,    // an output would be bigger than its budget allows
};

class Status {
 public:
  Status() = default;  // ok
  Status(ErrorCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "<context>: <message>". An ok status is
  // returned unchanged.
  Status WithContext(std::string_view context) const;

  // The process exit code for this status: 0 ok, 2 usage/manifest,
  // 130 interrupted, 1 other.
  int ExitCode() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

Status UsageError(std::string message);
Status ManifestError(std::string message);
Status CompileError(std::string message);
Status IoError(std::string message);
Status UnsafeError(std::string message);
Status InternalError(std::string message);
Status InterruptedError();

// A value of type T, or a non-ok Status explaining why there is none.
// REQUIRES: a Result is never constructed from an ok Status.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}       // NOLINT: implicit on purpose
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit on purpose

  bool ok() const { return std::holds_alternative<T>(v_); }
  // REQUIRES: ok().
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  // An ok status when a value is held. The reference lives as long as the
  // Result (or forever, for the ok status).
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }

 private:
  std::variant<T, Status> v_;
};

}  // namespace pycpack

// Returns the status of |expr| from the enclosing function if it is not ok.
#define PYCPACK_RETURN_IF_ERROR(expr)          \
  do {                                         \
    ::pycpack::Status _st = (expr);            \
    if (!_st.ok()) return _st;                 \
  } while (0)

#endif  // PYCPACK_STATUS_H_
