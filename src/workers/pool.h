// A pool of compile worker processes, each holding one request at a time:
// the pycpack binary re-executed as `pycpack __worker` for the embedded
// interpreter, and foreign interpreters running targets/foreign_program.h,
// one group of processes per target.
#ifndef PYCPACK_WORKERS_POOL_H_
#define PYCPACK_WORKERS_POOL_H_

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pycpack/compiler.h"
#include "workers/executor.h"
#include "workers/worker_process.h"
#include "pycpack/status.h"

namespace pycpack {

class WorkerPool : public CompileExecutor {
 public:
  // The workers of one target; CompileJobRequest::target picks the group.
  struct Group {
    std::vector<std::string> argv;  // the worker command line
    std::vector<std::string> env = {};  // "NAME=value"; empty: inherit ours
    // Put the pycs this group answers into canonical form (workers of the
    // embedded interpreter do that themselves).
    bool canonicalize = false;
  };
  struct Options {
    std::vector<Group> groups;
    // At most this many requests are out at once; each group starts up to
    // this many processes, when it has work for them.
    int workers = 2;
    int timeout_seconds = 600;  // one request may take at most this long
  };

  // Starts the first worker of the first group (the others start when a
  // job is there for them, so a build served from the cache starts one at
  // most). Fails if the process cannot be started.
  static Result<std::unique_ptr<WorkerPool>> Start(const Options& options);
  // Closes the pipes, kills workers still running and reaps them all.
  ~WorkerPool();

  // CompileExecutor. |make|(i) is called when a worker is free; results
  // arrive in completion order. A worker that dies, answers garbage or
  // exceeds the timeout is an error naming the job it held.
  Status Run(const NextJobFn& next, const JobDoneFn& done,
             const JobLabelFn& label) override;

 private:
  struct Worker {
    size_t group = 0;
    WorkerHandle process;
    bool busy = false;
    uint64_t job = 0;
    double started = 0;  // monotonic seconds
  };
  explicit WorkerPool(const Options& options) : options_(options) {}
  Status Spawn(Worker* w);
  // A worker of |group| that holds no request, or null.
  Worker* Idle(size_t group);
  Status Dispatch(Worker* w, const CompileJobRequest& job);
  Status Collect(Worker* w, const JobDoneFn& done, const JobLabelFn& label);
  std::string Died(Worker* w, const std::string& job_label);
  void Stop(Worker* w);

  Options options_;
  std::vector<Worker> workers_;
};

}  // namespace pycpack

#endif  // PYCPACK_WORKERS_POOL_H_
