// How the build engine tells a front end what it is doing. The engine never
// prints: the command line's TerminalPrinter (src/cli/) turns these events
// into lines and a progress display, a Bazel worker collects them into its
// response, tests record them. Every method has an empty default.
#ifndef PYCPACK_BUILD_BUILD_OBSERVER_H_
#define PYCPACK_BUILD_BUILD_OBSERVER_H_

#include <cstddef>
#include <string>

#include "build/build.h"

namespace pycpack {

// One compile job: a source at one level for one target.
struct JobEvent {
  std::string path;      // the file relative to its library root
  std::string library;   // the library's name
  int optimize = 0;
  std::string target;    // the target's name when the build has several, else ""
  bool from_cache = false;
};

struct Progress {
  size_t finished = 0;  // jobs finished (compiled or from the cache)
  size_t total = 0;     // jobs in the build
  size_t cached = 0;    // of the finished, answered by the cache
};

// The stages of a build, in order. Compiling and writing overlap (outputs
// take entries as soon as they are compiled); kWriting is what remains once
// every job has finished: draining and compressing, one output at a time.
enum class BuildPhase { kPlanning, kCompiling, kWriting };

struct PhaseEvent {
  BuildPhase phase = BuildPhase::kPlanning;
  // kPlanning: the manifest; kWriting: the output's destination.
  std::string what;
  size_t index = 0;  // kWriting: which output, 0-based
  size_t count = 0;  // kCompiling: jobs in the build; kWriting: outputs
};

class BuildObserver {
 public:
  // A phase began; it lasts until the next one (or the end of the build).
  virtual void PhaseStarted(const PhaseEvent& phase) { (void)phase; }
  virtual ~BuildObserver() = default;
  // A job was handed to a compiler, or answered by the cache.
  virtual void JobStarted(const JobEvent& job) { (void)job; }
  // A job finished; |progress| counts it.
  virtual void JobFinished(const JobEvent& job, const Progress& progress) {
    (void)job;
    (void)progress;
  }
  // Something the user should know that does not stop the build (an
  // unreadable cache entry, a manifest output warning).
  virtual void Warning(const std::string& message) { (void)message; }
  // A compile error or warning, in the order of the artifact's entries,
  // reported once all jobs have finished. The error of a source kept as
  // source (on_compile_error "keep-source") is a warning with d.kept set.
  virtual void Diagnostic(const DiagnosticReport& d) { (void)d; }
  // An output is complete and in place.
  virtual void OutputWritten(const OutputReport& out) { (void)out; }
};

}  // namespace pycpack

#endif  // PYCPACK_BUILD_BUILD_OBSERVER_H_
