// A private directory for the length of one verification.
#ifndef PYCPACK_VERIFY_SCRATCH_DIR_H_
#define PYCPACK_VERIFY_SCRATCH_DIR_H_

#include <memory>
#include <string>

#include "pycpack/status.h"

namespace pycpack {

class ScratchDir {
 public:
  // Creates a fresh directory (mkdtemp, mode 0700) under $TMPDIR, or /tmp
  // when TMPDIR is unset or empty. Fails (IoError naming the template) if
  // it cannot.
  static Result<std::unique_ptr<ScratchDir>> Create(const std::string& prefix);
  // Removes the directory and everything below it, after giving back the
  // write permission a read-only copy took away. Errors are ignored.
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Absolute, symlinks resolved.
  const std::string& path() const { return path_; }

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace pycpack

#endif  // PYCPACK_VERIFY_SCRATCH_DIR_H_
