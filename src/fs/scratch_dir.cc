#include "fs/scratch_dir.h"

#include <limits.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>

#include "fs/remove_tree.h"

namespace pycpack {

Result<std::unique_ptr<ScratchDir>> ScratchDir::Create(
    const std::string& prefix) {
  const char* base = getenv("TMPDIR");
  std::string templ = std::string(base && *base ? base : "/tmp") + "/" +
                      prefix + "XXXXXX";
  if (mkdtemp(templ.data()) == nullptr) {
    return IoError("cannot create a temporary directory '" + templ +
                   "': " + std::strerror(errno));
  }
  char real[PATH_MAX];
  std::string path = realpath(templ.c_str(), real) ? real : templ;
  return std::unique_ptr<ScratchDir>(new ScratchDir(path));
}

ScratchDir::~ScratchDir() { (void)ForceRemoveTree(path_); }

}  // namespace pycpack
