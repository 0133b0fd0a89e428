// A Bazel persistent worker (JSON protocol): reads WorkRequests from one
// descriptor, runs them through a handler on up to N threads at once, and
// writes exactly one WorkResponse line per request to another. Singleplex
// (requestId 0, one request at a time) and multiplex (several ids in
// flight) are the same code; cancel requests are honoured.
#ifndef PYCPACK_BAZEL_WORKER_WORKER_LOOP_H_
#define PYCPACK_BAZEL_WORKER_WORKER_LOOP_H_

#include <atomic>
#include <functional>
#include <ostream>
#include <string>

#include "bazel_worker/work_request.h"

namespace pycpack {

struct WorkOutcome {
  int exit_code = 0;
  std::string output;
  bool cancelled = false;  // stopped early because |cancelled| was set
};

// Runs one request. |cancelled| becomes true when Bazel cancels it; the
// handler should then stop soon and write nothing more. Called on the
// loop's threads, possibly several at once.
using WorkHandler =
    std::function<WorkOutcome(const WorkRequest& request, const std::atomic<bool>& cancelled)>;

struct WorkerLoopOptions {
  int parallel = 1;               // requests run at once (>= 1)
  std::ostream* log = nullptr;    // protocol errors, for the worker log (stderr)
};

// Serves requests from |in_fd| until end of input (returns 0) or malformed
// input (a stream that is not JSON objects, a request of the wrong shape,
// a non-zero id already in flight: logged, returns 2). Either way the requests
// already accepted are finished and answered first. A cancel request for
// an id that is queued is answered at once with wasCancelled; for one that
// is running, the handler is told, and the request is answered once (with
// wasCancelled if the handler reports it stopped early); for an unknown or
// finished id it is ignored. Responses go to |out_fd|, one line each and
// nothing else.
int RunWorkerLoop(int in_fd, int out_fd, const WorkHandler& handler,
                  const WorkerLoopOptions& options);

}  // namespace pycpack

#endif  // PYCPACK_BAZEL_WORKER_WORKER_LOOP_H_
