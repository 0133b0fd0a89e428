// The artifact `verify` looks at, as a directory on disk.
#ifndef PYCPACK_VERIFY_ARTIFACT_H_
#define PYCPACK_VERIFY_ARTIFACT_H_

#include <memory>
#include <string>

#include "pycpack/status.h"
#include "fs/scratch_dir.h"

namespace pycpack {

class OpenedArtifact {
 public:
  // |path| is a directory (used where it is, never written) or an archive
  // (extracted into a private ScratchDir, see ExtractArchive). |subdir|
  // ("" for the top) names the import root inside it; it must be relative
  // without ".." (UsageError otherwise) and exist (IoError naming it).
  static Result<std::unique_ptr<OpenedArtifact>> Open(const std::string& path,
                                                      const std::string& subdir);

  // The absolute import root (no trailing '/').
  const std::string& root() const { return root_; }

 private:
  OpenedArtifact() = default;
  std::unique_ptr<ScratchDir> scratch_;  // the extraction, removed with this
  std::string root_;
};

}  // namespace pycpack

#endif  // PYCPACK_VERIFY_ARTIFACT_H_
