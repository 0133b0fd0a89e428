// The build's side of on_compile_error "keep-source": which units
// (PlannedOutput::units) were kept as their jobs finish, and so what
// becomes of every conditional entry (PlannedEntry::When) and what each
// output's list of kept sources says.
#ifndef PYCPACK_BUILD_KEPT_UNITS_H_
#define PYCPACK_BUILD_KEPT_UNITS_H_

#include <string>
#include <utility>
#include <vector>

#include "plan/planner.h"
#include "pycpack/compiler.h"
#include "targets/target.h"

namespace pycpack {

class KeptUnits {
 public:
  // REQUIRES: |plan| and |targets| (the build's, indexed by job targets)
  // outlive this.
  KeptUnits(const Plan& plan, const std::vector<Target>& targets);

  // Job |job| finished; |error| is its compile error, null when it compiled.
  // A unit is decided once all its jobs finished, kept if one failed.
  void JobDone(size_t job, const Diagnostic* error);

  enum class Fate {
    kWait,        // it depends on a unit not decided yet
    kSkip,        // it does not ship
    kShip,        // it ships as planned
    kShipSource,  // it ships as its unit's source file (a kOrSource guard)
  };
  // What becomes of entry |e| of output |output| (Plan::outputs index).
  // Unconditional entries ship, except that a kRecord entry of an output
  // with units waits until all are decided: it lists only what shipped.
  Fate FateOf(size_t output, const PlannedEntry& e) const;

  // The file whose source a kOrSource entry |e| of |output| ships.
  size_t SourceOf(size_t output, const PlannedEntry& e) const;

  // The content of |output|'s kKeptList entry at |path|.
  // REQUIRES: FateOf that entry is kShip.
  std::string ListText(size_t output, const std::string& path) const;

 private:
  struct Unit {
    size_t pending = 0;  // jobs not finished
    // Per target it failed for, by target index: the error of its first
    // failed job (by job index, whatever order jobs finish in).
    struct Failure {
      size_t target = 0;
      size_t job = 0;
      Diagnostic error;
    };
    std::vector<Failure> errors;
  };
  bool Decided(size_t output, size_t unit) const;
  bool Kept(size_t output, size_t unit) const;

  const Plan& plan_;
  const std::vector<Target>& targets_;
  std::vector<std::vector<Unit>> units_;  // per output, per unit
  std::vector<size_t> undecided_;         // per output
  std::vector<size_t> kept_;              // per output: units kept
  // Per job: the (output, unit) pairs it belongs to.
  std::vector<std::vector<std::pair<size_t, size_t>>> users_;
};

}  // namespace pycpack

#endif  // PYCPACK_BUILD_KEPT_UNITS_H_
