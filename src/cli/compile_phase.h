// The compile phase of a build: every planned job through the compile
// cache and the executor, diagnostics collected and printed.
#ifndef PYCPACK_CLI_COMPILE_PHASE_H_
#define PYCPACK_CLI_COMPILE_PHASE_H_

#include <string>
#include <vector>

#include "cli/build.h"
#include "plan/planner.h"

namespace pycpack {

// |path| relative to env.cwd when it lies below it, else unchanged.
std::string ShownPath(const BuildEnv& env, const std::string& path);

// Produces pycs[j] for every plan.jobs[j]: from env.cache when it holds the
// job, else compiled by the executor (and then stored in the cache).
// Compile errors and warnings are added to report->diagnostics (once per
// file, whatever the number of levels) and printed to env.log; any error
// makes the result a kCompile status, after every job ran.
// REQUIRES: contents[i] holds plan.files[i].
Status CompileAll(const Plan& plan, const std::vector<std::string>& contents,
                  const BuildOptions& opt, const BuildEnv& env,
                  std::vector<std::string>* pycs, BuildReport* report);

}  // namespace pycpack

#endif  // PYCPACK_CLI_COMPILE_PHASE_H_
