// A private directory on the host file system, for as long as one
// operation needs it (an archive extracted for `verify`, a wheel extracted
// for a build).
#ifndef PYCPACK_FS_SCRATCH_DIR_H_
#define PYCPACK_FS_SCRATCH_DIR_H_

#include <memory>
#include <string>

#include "pycpack/status.h"

namespace pycpack {

class ScratchDir {
 public:
  // Creates a fresh directory (mkdtemp, mode 0700) named |prefix| plus six
  // random characters under $TMPDIR, or /tmp when TMPDIR is unset or
  // empty. Fails (IoError naming the template) if it cannot.
  static Result<std::unique_ptr<ScratchDir>> Create(const std::string& prefix);
  // Removes the directory and everything below it, read-only parts
  // included (ForceRemoveTree). Errors are ignored.
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

#endif  // PYCPACK_FS_SCRATCH_DIR_H_
