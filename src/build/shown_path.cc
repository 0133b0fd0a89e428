#include "build/shown_path.h"

#include "util/paths.h"

namespace pycpack {

std::string ShownPath(const BuildEnv& env, const std::string& path) {
  if (!env.cwd.empty() && IsWithin(path, env.cwd) && path != env.cwd) {
    return RelativeTo(path, env.cwd);
  }
  return path;
}

}  // namespace pycpack
