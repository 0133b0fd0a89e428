// One compile worker process: a program that reads request frames on its
// stdin and answers result frames on its stdout (workers/frame.h) — the
// pycpack binary as `pycpack __worker`, or a foreign interpreter running
// targets/foreign_program.h. The pool and the process-backed Compiler both
// start and stop their workers here.
#ifndef PYCPACK_WORKERS_WORKER_PROCESS_H_
#define PYCPACK_WORKERS_WORKER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "pycpack/compiler.h"
#include "pycpack/status.h"

namespace pycpack {

struct WorkerCommand {
  std::vector<std::string> argv;      // argv[0] is a path (no PATH search)
  std::vector<std::string> env = {};  // "NAME=value"; empty: inherit ours
};

// A started worker: its pid and the two pipe ends (close-on-exec).
struct WorkerHandle {
  pid_t pid = -1;
  int to = -1;    // its stdin
  int from = -1;  // its stdout
};

// Starts |command| with its stdin and stdout on fresh pipes. Fails with an
// IoError naming the program if it cannot be started.
Result<WorkerHandle> SpawnWorker(const WorkerCommand& command);

// Closes the pipes and reaps the process; |kill_first| sends SIGKILL before
// (for a worker that may be busy or stuck; an idle one ends on EOF).
// Resets |w| to the empty handle. Safe on an empty handle.
void StopWorker(WorkerHandle* w, bool kill_first);

// Kills and reaps |w|, and says how it ended ("exited with status 3", "was
// killed by signal 9 (Killed)"). Resets |w|.
std::string ReapDeadWorker(WorkerHandle* w);

// A Compiler that sends every request to one worker process, started on the
// first Compile and restarted after a failure. |canonicalize|: put the pycs
// it answers into canonical form (foreign interpreters; pycpack's own
// worker does that itself). |info| describes the interpreter. A worker that
// dies or answers garbage is a non-ok Status naming the request's dfile.
// Not thread-safe: one Compile at a time.
std::unique_ptr<Compiler> NewProcessCompiler(WorkerCommand command,
                                             InterpreterInfo info,
                                             bool canonicalize);

}  // namespace pycpack

#endif  // PYCPACK_WORKERS_WORKER_PROCESS_H_
