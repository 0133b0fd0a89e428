#include "plan/planner.h"

#include <algorithm>
#include <map>

#include "plan/layout.h"
#include "util/paths.h"

namespace pycpack {
namespace {

// Artifact entries of one library, relative to the output prefix.
using LibraryEntries = std::vector<PlannedEntry>;

std::string Dfile(const SourcePath& sp, const std::string& rel) {
  return sp.relative ? rel : sp.prefix + rel;
}

void PlanFile(const SourceFile& f, size_t file_index,
              const EffectiveSettings& eff, const std::string& cache_tag,
              Plan* plan, LibraryEntries* lib) {
  using Source = PlannedEntry::Source;
  bool compile = IsPythonSource(f.rel_path) && ModeCompiles(eff.mode);
  if (!compile || eff.mode != Mode::kPycOnly) {
    lib->push_back({f.rel_path, Source::kFile, file_index, f.mode});
  }
  if (!compile) return;
  for (int level : eff.optimize) {
    CompileJob job;
    job.file = file_index;
    job.optimize = level;
    job.strip_docstrings = eff.strip_docstrings;
    job.dfile = Dfile(eff.source_path, f.rel_path);
    job.invalidation = InvalidationFor(eff.mode);
    job.path = eff.mode == Mode::kPycOnly
                   ? SourcelessPycPath(f.rel_path)
                   : CachedPycPath(f.rel_path, cache_tag, level);
    lib->push_back({job.path, Source::kPyc, plan->jobs.size(), 0644});
    plan->jobs.push_back(std::move(job));
  }
}

std::string Destination(const Manifest& m, const Output& o,
                        const std::string& output_dir) {
  if (!o.path.empty() && o.path[0] == '/') return NormalizePath(o.path);
  return JoinPath(output_dir.empty() ? m.base_dir : output_dir, o.path);
}

Status CheckDestination(const Manifest& m, const Output& o,
                        const std::string& dest, FileSystem* fs) {
  std::string where = m.path + ": " + o.json_path + ".path: '" + dest + "'";
  if (dest == m.base_dir || IsWithin(m.base_dir, dest)) {
    return ManifestError(where + " would replace the manifest's directory");
  }
  for (const Library& lib : m.libraries) {
    Result<std::string> real = fs->RealPath(lib.root);
    std::string root = real.ok() ? *real : lib.root;
    for (const std::string& r : {lib.root, root}) {
      if (IsWithin(dest, r) || IsWithin(r, dest)) {
        return ManifestError(where + " overlaps the root of library \"" +
                             lib.name + "\" ('" + lib.root + "')");
      }
    }
  }
  return Status::Ok();
}

// Adds |path| and all its ancestors as directories unless present.
void AddParents(const std::string& path,
                std::map<std::string, PlannedEntry>* entries) {
  std::string_view dir = DirName(path);
  while (!dir.empty() && dir != "/") {
    std::string d(dir);
    auto [it, fresh] = entries->try_emplace(
        d, PlannedEntry{d, PlannedEntry::Source::kDirectory, 0, 0755});
    if (!fresh) break;
    dir = DirName(dir);
  }
}

Status PlanOutput(const Manifest& m, size_t oi,
                  const std::vector<LibraryEntries>& libs, Plan* plan,
                  const PlanContext& ctx) {
  const Output& o = m.outputs[oi];
  PlannedOutput out;
  out.output = oi;
  out.destination = Destination(m, o, ctx.output_dir);
  PYCPACK_RETURN_IF_ERROR(CheckDestination(m, o, out.destination, ctx.fs));
  std::map<std::string, PlannedEntry> entries;
  std::map<std::string, size_t> owner;  // file path -> library
  for (size_t li = 0; li < m.libraries.size(); ++li) {
    const Library& lib = m.libraries[li];
    if (!o.libraries.empty() &&
        std::find(o.libraries.begin(), o.libraries.end(), lib.name) ==
            o.libraries.end()) {
      continue;
    }
    for (const PlannedEntry& e : libs[li]) {
      PlannedEntry pe = e;
      pe.path = o.prefix + e.path;
      auto [it, fresh] = owner.emplace(pe.path, li);
      if (!fresh) {
        return ManifestError(m.path + ": " + o.json_path + ": '" + pe.path +
                             "' comes from both library \"" +
                             m.libraries[it->second].name +
                             "\" and library \"" + lib.name + "\"");
      }
      entries.emplace(pe.path, pe);
    }
  }
  for (const auto& [path, li] : owner) AddParents(path, &entries);
  // '0' follows '/': [path + "/", path + "0") holds exactly what is below.
  for (const auto& [path, li] : owner) {
    if (entries.lower_bound(path + "/") != entries.lower_bound(path + "0")) {
      return ManifestError(m.path + ": " + o.json_path + ": '" + path +
                           "' is both a file and a directory in the artifact");
    }
  }
  for (auto& [path, e] : entries) out.entries.push_back(std::move(e));
  plan->outputs.push_back(std::move(out));
  return Status::Ok();
}

}  // namespace

Result<Plan> MakePlan(const Manifest& m, const PlanContext& ctx) {
  Plan plan;
  for (const Library& lib : m.libraries) {
    Result<EffectiveSettings> eff = ResolveSettings(m, lib, ctx.overrides);
    if (!eff.ok()) return eff.status();
    plan.settings.push_back(*eff);
  }
  std::vector<LibraryEntries> libs(m.libraries.size());
  for (size_t li = 0; li < m.libraries.size(); ++li) {
    size_t first = plan.files.size();
    PYCPACK_RETURN_IF_ERROR(WalkLibrary(ctx.fs, m, li, &plan.files));
    for (size_t fi = first; fi < plan.files.size(); ++fi) {
      PlanFile(plan.files[fi], fi, plan.settings[li], ctx.cache_tag, &plan,
               &libs[li]);
    }
  }
  for (size_t oi = 0; oi < m.outputs.size(); ++oi) {
    PYCPACK_RETURN_IF_ERROR(PlanOutput(m, oi, libs, &plan, ctx));
  }
  std::map<std::string, size_t> dests;
  for (const PlannedOutput& po : plan.outputs) {
    auto [it, fresh] = dests.emplace(po.destination, po.output);
    if (!fresh) {
      return ManifestError(m.path + ": " + m.outputs[po.output].json_path +
                           ".path: same destination as " +
                           m.outputs[it->second].json_path + " ('" +
                           po.destination + "')");
    }
  }
  return plan;
}

}  // namespace pycpack
