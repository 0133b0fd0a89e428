#include "pycpack/status.h"

namespace pycpack {

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string msg(context);
  msg += ": ";
  msg += message_;
  return Status(code_, std::move(msg));
}

int Status::ExitCode() const {
  switch (code_) {
    case ErrorCode::kOk:
      return 0;
    case ErrorCode::kUsage:
    case ErrorCode::kManifest:
      return 2;
    case ErrorCode::kInterrupted:
      return 130;
    default:
      return 1;
  }
}

Status UsageError(std::string m) { return Status(ErrorCode::kUsage, std::move(m)); }
Status ManifestError(std::string m) { return Status(ErrorCode::kManifest, std::move(m)); }
Status CompileError(std::string m) { return Status(ErrorCode::kCompile, std::move(m)); }
Status IoError(std::string m) { return Status(ErrorCode::kIo, std::move(m)); }
Status UnsafeError(std::string m) { return Status(ErrorCode::kUnsafe, std::move(m)); }
Status InternalError(std::string m) { return Status(ErrorCode::kInternal, std::move(m)); }

Status InterruptedError() {
  return Status(ErrorCode::kInterrupted, "interrupted; nothing was written");
}

}  // namespace pycpack
