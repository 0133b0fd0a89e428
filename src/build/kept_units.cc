#include "build/kept_units.h"

#include <algorithm>

#include "plan/kept_sources.h"

namespace pycpack {

using When = PlannedEntry::When;

KeptUnits::KeptUnits(const Plan& plan, const std::vector<Target>& targets)
    : plan_(plan), targets_(targets), units_(plan.outputs.size()),
      undecided_(plan.outputs.size(), 0), kept_(plan.outputs.size(), 0),
      users_(plan.jobs.size()) {
  for (size_t o = 0; o < plan.outputs.size(); ++o) {
    const std::vector<PlannedUnit>& units = plan.outputs[o].units;
    units_[o].resize(units.size());
    undecided_[o] = units.size();
    for (size_t u = 0; u < units.size(); ++u) {
      units_[o][u].pending = units[u].jobs.size();
      for (size_t j : units[u].jobs) users_[j].emplace_back(o, u);
    }
  }
}

void KeptUnits::JobDone(size_t job, const Diagnostic* error) {
  for (const auto& [o, u] : users_[job]) {
    Unit& unit = units_[o][u];
    if (error != nullptr) {
      size_t target = plan_.jobs[job].target;
      auto at = std::lower_bound(
          unit.errors.begin(), unit.errors.end(), target,
          [](const Unit::Failure& f, size_t t) { return f.target < t; });
      if (at == unit.errors.end() || at->target != target) {
        if (unit.errors.empty()) ++kept_[o];
        unit.errors.insert(at, {target, job, *error});
      } else if (job < at->job) {
        *at = {target, job, *error};
      }
    }
    if (--unit.pending == 0) --undecided_[o];
  }
}

bool KeptUnits::Decided(size_t o, size_t u) const {
  return units_[o][u].pending == 0;
}

bool KeptUnits::Kept(size_t o, size_t u) const {
  return !units_[o][u].errors.empty();
}

KeptUnits::Fate KeptUnits::FateOf(size_t o, const PlannedEntry& e) const {
  switch (e.when) {
    case When::kAlways:
      if (e.source == PlannedEntry::Source::kRecord && undecided_[o] > 0) {
        return Fate::kWait;
      }
      return Fate::kShip;
    case When::kIfAnyKept:
      if (undecided_[o] > 0) return Fate::kWait;
      return kept_[o] > 0 ? Fate::kShip : Fate::kSkip;
    case When::kIfCompiled: {
      bool all_decided = true;
      for (size_t u : e.units) {
        if (!Decided(o, u)) {
          all_decided = false;
        } else if (!Kept(o, u)) {
          return Fate::kShip;
        }
      }
      return all_decided ? Fate::kSkip : Fate::kWait;
    }
    case When::kIfKept:
      if (!Decided(o, e.units.front())) return Fate::kWait;
      return Kept(o, e.units.front()) ? Fate::kShip : Fate::kSkip;
    case When::kOrSource:
      if (!Decided(o, e.units.front())) return Fate::kWait;
      return Kept(o, e.units.front()) ? Fate::kShipSource : Fate::kShip;
  }
  return Fate::kShip;
}

size_t KeptUnits::SourceOf(size_t o, const PlannedEntry& e) const {
  return plan_.outputs[o].units[e.units.front()].file;
}

std::string KeptUnits::ListText(size_t o, const std::string& path) const {
  std::string base(KeptListBase(path));
  if (!base.empty()) base += '/';
  std::vector<KeptSource> kept;
  const std::vector<PlannedUnit>& units = plan_.outputs[o].units;
  for (size_t u = 0; u < units.size(); ++u) {
    if (!Kept(o, u)) continue;
    KeptSource k;
    k.path = units[u].path.substr(
        units[u].path.compare(0, base.size(), base) == 0 ? base.size() : 0);
    for (const Unit::Failure& f : units_[o][u].errors) {
      k.targets.push_back(targets_[f.target].name);
    }
    k.error = units_[o][u].errors.front().error;
    kept.push_back(std::move(k));
  }
  return KeptListText(std::move(kept));
}

}  // namespace pycpack
