// The layout of one file in one output (docs/manifest.md, "Modes and
// layout"): its entries and the compile jobs they need, shared between
// outputs. Internal to the planner (planner.h is the contract).
#ifndef PYCPACK_PLAN_ENTRY_PLANNER_H_
#define PYCPACK_PLAN_ENTRY_PLANNER_H_

#include <functional>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "plan/planner.h"

namespace pycpack {

// Artifact entries of one library, relative to the output prefix.
using LibraryEntries = std::vector<PlannedEntry>;

class EntryPlanner {
 public:
  // REQUIRES: |ctx| and |plan| outlive this; plan->files is complete.
  EntryPlanner(const PlanContext& ctx, Plan* plan);

  // Appends the entries of file |fi| for an output of |targets| with the
  // settings |eff| of its library, and to |checks| the jobs that only check
  // its syntax (py-only). Under keep-source the entries that depend on
  // whether it compiles are conditional (PlannedEntry::When); the caller
  // gives them their unit (AddKeepUnit). Fails for a source too big to
  // compile.
  Status PlanFile(size_t fi, const std::vector<size_t>& targets,
                  const EffectiveSettings& eff, LibraryEntries* out,
                  std::vector<size_t>* checks);

 private:
  // The pycs of a compiled file |fi|, entries |when| they ship.
  void PlanPycs(size_t fi, const std::vector<size_t>& targets,
                const EffectiveSettings& eff, PlannedEntry::When when,
                LibraryEntries* out);
  void AddPyc(size_t fi, const EffectiveSettings& eff, size_t target,
              int level, int guard, const std::string& path,
              PlannedEntry::When when, LibraryEntries* out);
  // A job that only tells whether file |fi| compiles for |target| (the
  // syntax check of py-only): level 0, named as level 0's pyc (so that it
  // is shared with, and ordered like, a build that ships that pyc).
  size_t CheckJob(size_t fi, const EffectiveSettings& eff, size_t target);
  // The index of a job equal to |job| in Plan::jobs, added if new (variants
  // and syntax checks share jobs); a |fatal| use makes it fatal.
  size_t Intern(CompileJob job, bool fatal);
  // The Plan::generated index of the guard for |targets|.
  int Guard(const std::vector<size_t>& targets);

  const PlanContext& ctx_;
  Plan* plan_;
  // Plan::jobs indexes, hashed and compared by what makes two jobs the same
  // (file, target, level, guard, docstrings, dfile, invalidation); no key is
  // stored beside the job itself.
  std::function<size_t(size_t)> job_hash_;
  std::function<bool(size_t, size_t)> job_equal_;
  std::unordered_set<size_t, std::function<size_t(size_t)>,
                     std::function<bool(size_t, size_t)>>
      jobs_;
  std::map<std::string, size_t> guards_;
};

}  // namespace pycpack

#endif  // PYCPACK_PLAN_ENTRY_PLANNER_H_
