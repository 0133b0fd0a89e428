// `pycpack precompile` as a Bazel persistent worker: each WorkRequest's
// arguments are a precompile command line (precompile_args.h), run with
// RunPrecompile under the request's sandboxDir.
#ifndef PYCPACK_PRECOMPILE_PRECOMPILE_WORKER_H_
#define PYCPACK_PRECOMPILE_PRECOMPILE_WORKER_H_

#include "bazel_worker/worker_loop.h"
#include "precompile/compiler_set.h"
#include "precompile/precompile_args.h"
#include "pycpack/filesystem.h"

namespace pycpack {

// The handler for RunWorkerLoop. The CompilerSet holds the worker's own
// --interpreter settings; a request's --interpreter may add others, not
// change them.
// REQUIRES: |compilers| and |fs| outlive the handler; |fs| is thread-safe.
WorkHandler MakePrecompileHandler(CompilerSet* compilers, FileSystem* fs);

// One request, as the handler runs it (exposed for tests).
WorkOutcome RunPrecompileRequest(const WorkRequest& request, const std::atomic<bool>& cancelled,
                                 CompilerSet* compilers, FileSystem* fs);

}  // namespace pycpack

#endif  // PYCPACK_PRECOMPILE_PRECOMPILE_WORKER_H_
