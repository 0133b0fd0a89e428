// Running compile jobs: in this process, one after the other, or spread
// over worker processes (WorkerPool). Jobs are pulled one at a time, so the
// caller decides the order and can answer some jobs itself (from a cache);
// results carry the job's id, so the order they arrive in never matters.
#ifndef PYCPACK_WORKERS_EXECUTOR_H_
#define PYCPACK_WORKERS_EXECUTOR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "pycpack/compiler.h"
#include "pycpack/status.h"

namespace pycpack {

struct CompileJobRequest {
  uint64_t id = 0;
  CompileRequest request;
  size_t target = 0;  // which interpreter compiles it (the build's order)
};

// Returns the next job, or nullopt when there are no more. A non-ok status
// stops the run with that status.
using NextJobFn = std::function<Result<std::optional<CompileJobRequest>>()>;
// Receives the result of job |id|; a non-ok status stops the run.
using JobDoneFn = std::function<Status(uint64_t id, CompileResult result)>;
// Names job |id| in error messages (e.g. the source file).
using JobLabelFn = std::function<std::string(uint64_t id)>;

class CompileExecutor {
 public:
  virtual ~CompileExecutor() = default;
  // Compiles every job |next| hands out and passes each result to |done|.
  // All calls happen on the calling thread. Stops at the first non-ok
  // status from |next|, |done| or the compiler, or when Interrupted().
  virtual Status Run(const NextJobFn& next, const JobDoneFn& done,
                     const JobLabelFn& label) = 0;
};

// Compiles in the calling thread with |compiler| (which must outlive it);
// every job must be for target 0.
std::unique_ptr<CompileExecutor> NewInProcessExecutor(Compiler* compiler);

}  // namespace pycpack

#endif  // PYCPACK_WORKERS_EXECUTOR_H_
