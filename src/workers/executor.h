// Running many compile requests: in this process, one after the other, or
// spread over worker processes (WorkerPool). Results are matched to jobs by
// index, so the artifact does not depend on the order they arrive in.
#ifndef PYCPACK_WORKERS_EXECUTOR_H_
#define PYCPACK_WORKERS_EXECUTOR_H_

#include <functional>
#include <memory>
#include <string>

#include "pycpack/compiler.h"
#include "pycpack/status.h"

namespace pycpack {

class CompileExecutor {
 public:
  virtual ~CompileExecutor() = default;
  // Compiles jobs 0..count-1: |make|(i) builds job i's request, |done|(i,
  // result) receives its result (in any order). Stops at the first non-ok
  // status from |done| or from the compiler, or when Interrupted(); errors
  // name |label|(i) of the job concerned.
  virtual Status Run(size_t count,
                     const std::function<CompileRequest(size_t)>& make,
                     const std::function<Status(size_t, CompileResult)>& done,
                     const std::function<std::string(size_t)>& label) = 0;
};

// Compiles in the calling thread with |compiler| (which must outlive it).
std::unique_ptr<CompileExecutor> NewInProcessExecutor(Compiler* compiler);

}  // namespace pycpack

#endif  // PYCPACK_WORKERS_EXECUTOR_H_
