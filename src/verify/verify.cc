#include "verify/verify.h"

#include "verify/artifact.h"
#include "verify/import_check.h"
#include "verify/interpreter_check.h"

namespace pycpack {
namespace {

Status VerifyWith(const VerifyOptions& options, const std::string& root,
                  VerifyReport* report) {
  CheckOptions check;
  check.optimize = options.optimize;
  check.timeout_seconds = options.timeout_seconds;
  for (const std::string& python : options.pythons) {
    Result<InterpreterResult> r = CheckWithInterpreter(python, root, check);
    if (!r.ok()) return r.status();
    report->interpreters.push_back(std::move(r).value());
    if (!options.modules.empty()) {
      PYCPACK_RETURN_IF_ERROR(CheckImports(python, root, options.modules,
                                           options.timeout_seconds,
                                           &report->interpreters.back()));
    }
  }
  return Status::Ok();
}

}  // namespace

VerifyReport RunVerify(const VerifyOptions& options) {
  VerifyReport report;
  report.artifact = options.artifact;
  report.root = options.root;
  Result<std::unique_ptr<OpenedArtifact>> artifact =
      OpenedArtifact::Open(options.artifact, options.root);
  if (!artifact.ok()) {
    report.status = artifact.status();
    return report;
  }
  report.status = VerifyWith(options, (*artifact)->root(), &report);
  return report;
}

}  // namespace pycpack
