#include "plan/planner.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <set>

#include "plan/dist_info.h"
#include "plan/entry_planner.h"
#include "plan/kept_sources.h"
#include "util/paths.h"

namespace pycpack {
namespace {

std::string Destination(const Manifest& m, const Output& o,
                        const std::string& output_dir) {
  if (!o.path.empty() && o.path[0] == '/') return NormalizePath(o.path);
  return JoinPath(output_dir.empty() ? m.base_dir : output_dir, o.path);
}

// A library with "files" reads only the files it lists, so an output may
// sit below its root (Bazel puts generated sources and outputs in one
// directory) but must not be, or hold, a listed file or where one leads.
Status CheckListedInputs(FileSystem* fs, const Library& lib,
                         const std::string& dest, const std::string& where) {
  for (const std::string& rel : *lib.files) {
    std::string input = JoinPath(lib.root, rel);
    Result<std::string> real = fs->RealPath(input);
    for (const std::string& r : {input, real.ok() ? *real : input}) {
      if (IsWithin(r, dest)) {
        return ManifestError(where + " would replace listed file '" + rel +
                             "' of library \"" + lib.name + "\" ('" + r + "')");
      }
    }
  }
  return Status::Ok();
}

Status CheckDestination(const Manifest& m, const Output& o,
                        const std::string& dest, const PlanContext& ctx) {
  FileSystem* fs = ctx.fs;
  std::string where = m.path + ": " + o.json_path + ".path: '" + dest + "'";
  if (dest == m.base_dir || IsWithin(m.base_dir, dest)) {
    return ManifestError(where + " would replace the manifest's directory");
  }
  if (!ctx.cwd.empty() && (dest == ctx.cwd || IsWithin(ctx.cwd, dest))) {
    return ManifestError(where + " would replace the current directory");
  }
  for (const Library& lib : m.libraries) {
    if (lib.files) {
      PYCPACK_RETURN_IF_ERROR(CheckListedInputs(fs, lib, dest, where));
      continue;
    }
    // A wheel library's input is its wheel (its root is an extraction).
    const std::string& input = lib.wheel.empty() ? lib.root : lib.wheel;
    Result<std::string> real = fs->RealPath(input);
    std::string resolved = real.ok() ? *real : input;
    for (const std::string& r : {input, resolved}) {
      if (IsWithin(dest, r) || IsWithin(r, dest)) {
        return ManifestError(where + " overlaps the " +
                             (lib.wheel.empty() ? "root" : "wheel") +
                             " of library \"" + lib.name + "\" ('" + input +
                             "')");
      }
    }
  }
  Result<FileInfo> there = fs->Lstat(dest);
  if (there.ok()) {
    bool want_dir = ContainerFormat(o) == OutputFormat::kDir;
    if (there->type == FileType::kSymlink) {
      return ManifestError(where + " is a symlink; pycpack neither writes "
                           "through nor replaces links (remove it, or point "
                           "the output at the real path)");
    }
    if (there->type == FileType::kDirectory && !want_dir) {
      return ManifestError(where + " is a directory; a " +
                           std::string(FormatName(o.format)) + " output is a file");
    }
    if (there->type != FileType::kDirectory && want_dir) {
      return ManifestError(where + " exists and is not a directory; a dir "
                           "output replaces a directory");
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

// The targets output |o| takes, as indexes into m.targets.
std::vector<size_t> OutputTargets(const Manifest& m, const Output& o) {
  std::vector<size_t> out;
  for (size_t t = 0; t < m.targets.size(); ++t) {
    if (o.targets.empty() || std::find(o.targets.begin(), o.targets.end(),
                                       m.targets[t].name) != o.targets.end()) {
      out.push_back(t);
    }
  }
  return out;
}

// A "<dist>.dist-info/RECORD" found at the top of a library root.
struct RecordSource {
  size_t library = 0;
  size_t file = 0;             // the RECORD file (Plan::files)
  std::string dist_dir;        // "<dist>.dist-info", relative to the root
  std::vector<std::string> listed;  // the paths it lists, relative to the root
};

bool IsTopLevelRecord(const std::string& rel) {
  std::string_view dir = DirName(rel);
  return BaseName(rel) == "RECORD" && dir.find('/') == std::string_view::npos &&
         IsDistInfoPath(dir);
}

// What PlanOutput collects of one output before it becomes a PlannedOutput.
// Memory matters here: a tree of 100,000 modules has 300,000 entries per
// output. A library file's entry lives only as its key (its PlannedEntry's
// path is left empty until PlanOutput moves the key into it), |owner| views
// those keys, and |paths_of_file| is kept only when a RECORD needs it.
struct Draft {
  std::map<std::string, PlannedEntry> entries;   // by path, prefix included
  std::unordered_map<std::string_view, size_t> owner;  // library file path -> library
  bool track_paths = false;  // fill paths_of_file
  std::map<size_t, std::vector<std::string>> paths_of_file;  // file -> paths
};

// Replaces the RECORD of every installed distribution in |d| (not for
// wheels: PlanWheel writes one RECORD of everything).
void PlanInstalledRecords(const Output& o, const std::vector<RecordSource>& sources,
                          const Plan& plan, Draft* d, PlannedOutput* out) {
  if (sources.empty()) return;
  std::map<std::pair<size_t, std::string>, size_t> shipped;  // (lib, rel) -> file
  for (const auto& [fi, paths] : d->paths_of_file) {
    shipped.emplace(std::make_pair(plan.files[fi].library, plan.files[fi].rel_path), fi);
  }
  for (const RecordSource& rs : sources) {
    const std::string record_path = o.prefix + plan.files[rs.file].rel_path;
    auto it = d->entries.find(record_path);
    auto owner = d->owner.find(record_path);
    if (it == d->entries.end() || owner == d->owner.end() || owner->second != rs.library) {
      continue;
    }
    std::set<std::string> rows;
    for (const std::string& listed : rs.listed) {
      auto f = shipped.find({rs.library, listed});
      if (f == shipped.end()) continue;
      for (const std::string& p : d->paths_of_file[f->second]) rows.insert(p);
    }
    const std::string dist_prefix = o.prefix + rs.dist_dir + "/";
    for (auto e = d->entries.lower_bound(dist_prefix);
         e != d->entries.end() && e->first.compare(0, dist_prefix.size(), dist_prefix) == 0;
         ++e) {
      if (e->second.source != PlannedEntry::Source::kDirectory) rows.insert(e->first);
    }
    rows.erase(record_path);
    it->second.source = PlannedEntry::Source::kRecord;
    it->second.index = out->records.size();
    it->second.mode = 0644;
    out->records.push_back({std::vector<std::string>(rows.begin(), rows.end()), o.prefix});
  }
}

// Makes |d| a wheel: its .dist-info (found or generated), WHEEL, RECORD,
// and the file name of the destination.
Status PlanWheel(const Manifest& m, const Output& o, const PlanContext& ctx,
                 Plan* plan, Draft* d, PlannedOutput* out) {
  using Source = PlannedEntry::Source;
  const std::string where = m.path + ": " + o.json_path;
  std::set<std::string> dist_dirs;
  bool has_cached_pycs = false, has_pycs = false;
  for (const auto& [path, e] : d->entries) {
    size_t slash = path.find('/');
    std::string top = path.substr(0, slash);
    if (IsDistInfoPath(top)) dist_dirs.insert(top);
    if (e.source == Source::kPyc) {
      has_pycs = true;
      has_cached_pycs = has_cached_pycs || path.find("__pycache__/") != std::string::npos;
    }
  }
  if (dist_dirs.size() > 1) {
    std::string list;
    for (const std::string& dd : dist_dirs) list += (list.empty() ? "" : ", ") + dd;
    return ManifestError(where + ": a wheel holds one distribution, but its "
                         "libraries hold several .dist-info directories (" +
                         list + ")");
  }
  std::vector<std::string> tags;
  for (size_t t : out->targets) tags.push_back(ctx.targets[t].wheel_tag + "-none-any");
  if (!has_pycs) tags = {"py3-none-any"};
  bool purelib = true;
  std::string dist_dir;
  std::string name, version;
  if (dist_dirs.empty()) {
    if (o.wheel.name.empty()) {
      return ManifestError(where + ": a wheel needs \"name\" and \"version\" "
                           "(its libraries hold no .dist-info to take them from)");
    }
    name = EscapeDistName(o.wheel.name);
    version = o.wheel.version;
    dist_dir = name + "-" + version + ".dist-info";
    d->entries[dist_dir] = {dist_dir, Source::kDirectory, 0, 0755};
    plan->generated.push_back(MetadataFile(o.wheel));
    std::string meta = dist_dir + "/METADATA";
    d->entries[meta] = {meta, Source::kGenerated, plan->generated.size() - 1, 0644};
  } else {
    dist_dir = *dist_dirs.begin();
    if (!o.wheel.name.empty()) {
      return ManifestError(where + ": \"name\" and \"version\" are for wheels "
                           "made from plain sources; this one takes them from " +
                           dist_dir + " (leave them out)");
    }
    std::string stem = dist_dir.substr(0, dist_dir.size() - 10);
    size_t dash = stem.rfind('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 == stem.size()) {
      return ManifestError(where + ": '" + dist_dir +
                           "' is not named <name>-<version>.dist-info");
    }
    name = stem.substr(0, dash);
    version = stem.substr(dash + 1);
    auto old = d->entries.find(dist_dir + "/WHEEL");
    if (old != d->entries.end() && old->second.source == Source::kFile) {
      Result<std::string> text = ctx.fs->ReadFile(plan->files[old->second.index].disk_path);
      if (!text.ok()) return text.status();
      WheelInfo info = ParseWheelFile(*text);
      purelib = info.purelib;
      bool portable = !info.tags.empty();
      for (const std::string& t : info.tags) {
        portable = portable && t.size() > 9 && t.substr(t.size() - 9) == "-none-any";
      }
      // A platform wheel keeps its tags; a portable one is tagged for the
      // bytecode it now holds.
      if (!portable && !info.tags.empty()) tags = info.tags;
    }
    // Files installers write, not wheels.
    for (const char* f : {"/INSTALLER", "/REQUESTED", "/direct_url.json"}) {
      d->entries.erase(dist_dir + f);
    }
  }
  if (has_cached_pycs) {
    plan->warnings.push_back(
        where + ": the wheel holds __pycache__ pycs: pip installs them, but "
        "installers built on the 'installer' library (>= 1.0; used by poetry "
        "and pdm) drop them, and the modules then run from their sources (or, "
        "for pyc-only built for several targets, from guards that raise "
        "ImportError); a pyc-only wheel for one target holds sourceless .pyc "
        "files, which every installer keeps");
  }
  if (!out->units.empty()) {
    PYCPACK_RETURN_IF_ERROR(AddKeptList(where, dist_dir + "/", &d->entries));
  }
  plan->generated.push_back(WheelFile(ctx.generator, purelib, tags));
  std::string wheel = dist_dir + "/WHEEL";
  d->entries[wheel] = {wheel, Source::kGenerated, plan->generated.size() - 1, 0644};
  std::string record = dist_dir + "/RECORD";
  std::vector<std::string> rows;
  for (const auto& [path, e] : d->entries) {
    if (e.source != Source::kDirectory && path != record) rows.push_back(path);
  }
  d->entries[record] = {record, Source::kRecord, out->records.size(), 0644};
  out->records.push_back({std::move(rows), ""});
  out->destination = JoinPath(out->destination, name + "-" + version + "-" +
                                                    CompressedTagSet(tags) + ".whl");
  return Status::Ok();
}

// Adds the entries of file |fi| of library |li| to |d|, and under
// keep-source its unit to |out|. Fails when another library already put
// something at one of its paths.
Status AddFileEntries(const Manifest& m, const Output& o, size_t li, size_t fi,
                      const EffectiveSettings& eff, EntryPlanner* planner,
                      const Plan& plan, Draft* d, PlannedOutput* out) {
  LibraryEntries entries;
  std::vector<size_t> checks;
  PYCPACK_RETURN_IF_ERROR(planner->PlanFile(fi, out->targets, eff, &entries, &checks));
  if (eff.on_compile_error == CompileErrorPolicy::kKeepSource) {
    AddKeepUnit(plan, fi, o.prefix, checks, &entries, out);
  }
  for (PlannedEntry& pe : entries) {
    std::string path = o.prefix + pe.path;
    pe.path.clear();  // the key holds it (Draft)
    auto [at, fresh] = d->entries.emplace(std::move(path), std::move(pe));
    if (!fresh) {
      return ManifestError(m.path + ": " + o.json_path + ": '" + at->first +
                           "' comes from both library \"" +
                           m.libraries[d->owner.at(at->first)].name + "\" and library \"" +
                           m.libraries[li].name + "\"");
    }
    d->owner.emplace(at->first, li);
    if (d->track_paths) d->paths_of_file[fi].push_back(at->first);
  }
  return Status::Ok();
}

Status PlanOutput(const Manifest& m, size_t oi,
                  const std::vector<std::vector<size_t>>& lib_files,
                  const std::vector<const std::vector<EffectiveSettings>*>& settings,
                  const std::vector<RecordSource>& records, EntryPlanner* planner,
                  Plan* plan, const PlanContext& ctx) {
  const Output& o = m.outputs[oi];
  PlannedOutput out;
  out.output = oi;
  out.destination = Destination(m, o, ctx.output_dir);
  out.targets = OutputTargets(m, o);
  Draft d;
  d.track_paths = o.format != OutputFormat::kWheel && !records.empty();
  const std::vector<EffectiveSettings>& lib_settings = *settings[oi];
  for (size_t li = 0; li < m.libraries.size(); ++li) {
    const Library& lib = m.libraries[li];
    if (!o.libraries.empty() &&
        std::find(o.libraries.begin(), o.libraries.end(), lib.name) ==
            o.libraries.end()) {
      continue;
    }
    for (size_t fi : lib_files[li]) {
      PYCPACK_RETURN_IF_ERROR(
          AddFileEntries(m, o, li, fi, lib_settings[li], planner, *plan, &d, &out));
    }
  }
  if (o.format == OutputFormat::kWheel) {
    PYCPACK_RETURN_IF_ERROR(PlanWheel(m, o, ctx, plan, &d, &out));
  } else {
    PlanInstalledRecords(o, records, *plan, &d, &out);
    if (!out.units.empty()) {
      PYCPACK_RETURN_IF_ERROR(
          AddKeptList(m.path + ": " + o.json_path, o.prefix, &d.entries));
    }
  }
  PYCPACK_RETURN_IF_ERROR(CheckDestination(m, o, out.destination, ctx));
  d.owner.clear();
  std::vector<const std::string*> files;  // keys of d.entries (stable)
  for (const auto& [path, e] : d.entries) {
    if (e.source != PlannedEntry::Source::kDirectory) files.push_back(&path);
  }
  for (const std::string* path : files) AddParents(*path, &d.entries);
  if (!out.units.empty()) MarkConditionalDirs(&d.entries);
  // '0' follows '/': [path + "/", path + "0") holds exactly what is below.
  for (const std::string* path : files) {
    if (d.entries.lower_bound(*path + "/") != d.entries.lower_bound(*path + "0")) {
      return ManifestError(m.path + ": " + o.json_path + ": '" + *path +
                           "' is both a file and a directory in the artifact");
    }
  }
  files = {};
  out.entries.reserve(d.entries.size());
  while (!d.entries.empty()) {  // moves each key into its entry, freeing as it goes
    auto node = d.entries.extract(d.entries.begin());
    out.entries.push_back(std::move(node.mapped()));
    out.entries.back().path = std::move(node.key());
  }
  std::stable_sort(out.entries.begin(), out.entries.end(),
                   [](const PlannedEntry& a, const PlannedEntry& b) {
                     return ArtifactOrderLess(a.path, b.path);
                   });
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
  if (ctx.targets.size() != m.targets.size()) {
    return InternalError("the plan needs one PlanTarget per manifest target");
  }
  // Settings per variant, resolved for the variants outputs use.
  std::map<std::string, std::vector<EffectiveSettings>> by_variant;
  std::vector<const std::vector<EffectiveSettings>*> settings;
  for (const Output& o : m.outputs) {
    if (o.variant.empty()) {
      settings.push_back(&plan.settings);
      continue;
    }
    auto [it, fresh] = by_variant.try_emplace(o.variant);
    if (fresh) {
      const Variant* v = nullptr;
      for (const Variant& candidate : m.variants) {
        if (candidate.name == o.variant) v = &candidate;
      }
      if (v == nullptr) return InternalError("no variant " + o.variant);
      for (const Library& lib : m.libraries) {
        Result<EffectiveSettings> eff = ResolveSettings(m, lib, ctx.overrides, v);
        if (!eff.ok()) return eff.status();
        it->second.push_back(*eff);
      }
    }
    settings.push_back(&it->second);
  }
  std::vector<std::vector<size_t>> lib_files(m.libraries.size());
  std::vector<RecordSource> records;
  for (size_t li = 0; li < m.libraries.size(); ++li) {
    size_t first = plan.files.size();
    PYCPACK_RETURN_IF_ERROR(WalkLibrary(ctx.fs, m, li, &plan.files));
    for (size_t fi = first; fi < plan.files.size(); ++fi) {
      lib_files[li].push_back(fi);
      const SourceFile& f = plan.files[fi];
      if (!IsTopLevelRecord(f.rel_path)) continue;
      Result<std::string> text = ctx.fs->ReadFile(f.disk_path);
      if (!text.ok()) return text.status();
      Result<std::vector<std::string>> listed = ParseRecordPaths(*text);
      if (!listed.ok()) return listed.status().WithContext(f.disk_path);
      records.push_back({li, fi, std::string(DirName(f.rel_path)), std::move(*listed)});
    }
  }
  EntryPlanner planner(ctx, &plan);
  for (size_t oi = 0; oi < m.outputs.size(); ++oi) {
    PYCPACK_RETURN_IF_ERROR(
        PlanOutput(m, oi, lib_files, settings, records, &planner, &plan, ctx));
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
