#include "verify/artifact.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>

#include "archive/extract.h"
#include "fs/fs_errors.h"
#include "util/paths.h"

namespace pycpack {
namespace {

Result<std::string> AbsolutePath(const std::string& path) {
  char buf[PATH_MAX];
  if (::realpath(path.c_str(), buf) == nullptr) {
    return ErrnoStatus("read", path, errno);
  }
  return std::string(buf);
}

}  // namespace

Result<std::unique_ptr<OpenedArtifact>> OpenedArtifact::Open(
    const std::string& path, const std::string& subdir) {
  std::string sub = NormalizePath(subdir.empty() ? "." : subdir);
  if (!subdir.empty() && (subdir[0] == '/' || sub == ".." ||
                          sub.rfind("../", 0) == 0)) {
    return UsageError("--root must be a directory inside the artifact, got '" +
                      subdir + "'");
  }
  std::unique_ptr<OpenedArtifact> a(new OpenedArtifact());
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus("read", path, errno);
  std::string top;
  if (S_ISDIR(st.st_mode)) {
    Result<std::string> abs = AbsolutePath(path);
    if (!abs.ok()) return abs.status();
    top = *abs;
  } else {
    Result<std::unique_ptr<ScratchDir>> dir = ScratchDir::Create("pycpack-verify-");
    if (!dir.ok()) return dir.status();
    a->scratch_ = std::move(dir).value();
    PYCPACK_RETURN_IF_ERROR(ExtractArchive(path, a->scratch_->path()));
    top = a->scratch_->path();
  }
  a->root_ = sub == "." ? top : top + "/" + sub;
  if (::stat(a->root_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return IoError("'" + path + "' has no directory '" + subdir + "'");
  }
  return a;
}

}  // namespace pycpack
