// `pycpack verify`: checks, with each target interpreter, that every pyc of
// an artifact is one that interpreter would load, and optionally imports
// modules to prove it (docs/cli.md, section `verify`).
#ifndef PYCPACK_VERIFY_VERIFY_H_
#define PYCPACK_VERIFY_VERIFY_H_

#include <string>
#include <vector>

#include "verify/report.h"

namespace pycpack {

struct VerifyOptions {
  std::string artifact;              // directory or archive
  std::string root;                  // import root inside it, "" for the top
  std::vector<std::string> pythons;  // interpreters, in order. REQUIRES: one
  std::vector<std::string> modules;  // to import with each interpreter
  std::vector<int> optimize;         // levels; empty: those the artifact has
  int timeout_seconds = 600;         // per interpreter run
};

// Opens the artifact (extracting an archive into a private directory that
// is removed before returning), runs the checks with every interpreter and,
// with |modules|, the imports. The first error (artifact unreadable or
// unsafe, an interpreter that cannot be run) ends the verification: it is
// the report's status, and the results of the interpreters done so far are
// kept.
VerifyReport RunVerify(const VerifyOptions& options);

}  // namespace pycpack

#endif  // PYCPACK_VERIFY_VERIFY_H_
