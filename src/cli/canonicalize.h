// `pycpack canonicalize`: rewrite existing .pyc files into the canonical
// form (docs/canonical-pyc.md), or only check them.
#ifndef PYCPACK_CLI_CANONICALIZE_H_
#define PYCPACK_CLI_CANONICALIZE_H_

#include <ostream>
#include <string>
#include <vector>

#include "pycpack/filesystem.h"

namespace pycpack {

struct CanonicalizeOptions {
  std::vector<std::string> paths;  // .pyc files, or directories searched for them
  bool check = false;              // report only; change nothing
  int verbosity = 1;               // 0: errors only; 2: every file
};

struct CanonicalizeReport {
  size_t files = 0;      // pyc files looked at
  size_t changed = 0;    // rewritten (or, with check, not canonical)
  size_t errors = 0;     // unreadable, not a pyc, unsupported version...
};

// Canonicalises every file; each rewrite is atomic (a staged file renamed
// over the original, keeping its permission bits). A file that cannot be
// handled is reported on |log| and the others still are. Exit status: 0 all
// done (with check: all canonical), 1 otherwise.
int RunCanonicalize(const CanonicalizeOptions& options, FileSystem* fs,
                    std::ostream& log, CanonicalizeReport* report);

}  // namespace pycpack

#endif  // PYCPACK_CLI_CANONICALIZE_H_
