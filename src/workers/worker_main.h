#ifndef PYCPACK_WORKERS_WORKER_MAIN_H_
#define PYCPACK_WORKERS_WORKER_MAIN_H_

namespace pycpack {

// The body of `pycpack __worker`: reads request frames on stdin, compiles
// each with the embedded interpreter and writes result frames on stdout,
// until stdin ends. Anything else that would go to stdout goes to stderr.
// Returns the process exit code (0 at end of input).
int RunWorkerMain();

}  // namespace pycpack

#endif  // PYCPACK_WORKERS_WORKER_MAIN_H_
