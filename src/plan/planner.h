// The build plan: every file to read, every pyc to compile and, per output,
// every entry of the artifact in order. Made completely before any work, so
// every problem of the manifest or the tree is reported before compiling.
#ifndef PYCPACK_PLAN_PLANNER_H_
#define PYCPACK_PLAN_PLANNER_H_

#include <string>
#include <vector>

#include "plan/resolve.h"
#include "plan/walk.h"
#include "pycpack/compiler.h"
#include "pycpack/filesystem.h"
#include "pycpack/manifest.h"

namespace pycpack {

// One pyc to produce.
struct CompileJob {
  size_t file = 0;  // index into Plan::files
  int optimize = 0;
  bool strip_docstrings = false;
  std::string dfile;  // co_filename
  Invalidation invalidation = Invalidation::kCheckedHash;
  // Where the pyc goes, relative to the output prefix (its first place,
  // when outputs lay it out differently). Outputs order their entries by
  // prefix + path, so handing out jobs in the order of |path| lets every
  // output write as results arrive.
  std::string path;
  size_t target = 0;  // index into PlanContext::targets
  // -1, or the Plan::generated text shipped as the module's source (the
  // guard of a pyc-only build for several targets): the header's source
  // hash is computed over it (CompileRequest::hash_source).
  int guard = -1;
  // Whether a compile error fails the build: true unless every output that
  // needs the job keeps the file's source instead (on_compile_error
  // "keep-source"; see PlannedUnit).
  bool fatal = false;
};

// One entry of an artifact and where its bytes come from.
struct PlannedEntry {
  // kKeptList: the list of the output's kept sources (plan/kept_sources.h).
  enum class Source { kDirectory, kFile, kPyc, kGenerated, kRecord, kKeptList };
  // Whether the entry ships, for entries that depend on whether the files
  // of a keep-source library compile (PlannedUnit). Decided only once
  // every job of the units concerned has finished.
  enum class When {
    kAlways,
    kIfCompiled,  // some unit of |units| compiled: a pyc, or a directory
                  // holding only such pycs (a __pycache__)
    kIfKept,      // its unit was kept: the source beside a sourceless pyc
    kOrSource,    // always, but as its unit's source file when the unit was
                  // kept: the guard of pyc-only for several targets
    kIfAnyKept,   // some unit of the output was kept: the kKeptList entry
  };
  std::string path;  // in the artifact, prefix included
  Source source = Source::kFile;
  // Plan::files index (kFile), Plan::jobs index (kPyc), Plan::generated
  // index (kGenerated) or PlannedOutput::records index (kRecord).
  size_t index = 0;
  uint32_t mode = 0644;
  When when = When::kAlways;
  // PlannedOutput::units indexes (kIfCompiled ... kOrSource); empty for
  // kAlways.
  std::vector<size_t> units = {};
};

// A Python source of an output whose library keeps the sources that do not
// compile (on_compile_error "keep-source"): it is *kept* when any of its
// jobs fails (for any target or level), and then ships as its source with
// no pyc for any target; else it *compiled*.
struct PlannedUnit {
  size_t file = 0;           // Plan::files index
  std::string path;          // of the source in the artifact, prefix included
  std::vector<size_t> jobs;  // Plan::jobs indexes, ascending: every pyc the
                             // output ships of it, or its syntax checks
};

// A RECORD file written for what an artifact ships (plan/dist_info.h): one
// row per listed entry, with its hash and size, then its own row.
struct PlannedRecord {
  std::vector<std::string> rows;  // entry paths, prefix included, sorted
  std::string prefix;  // removed from every path in the file (the output's)
};

struct PlannedOutput {
  size_t output = 0;        // index into Manifest::outputs
  std::string destination;  // absolute path of the artifact
  std::vector<PlannedEntry> entries;  // sorted by ArtifactOrderLess of path
  std::vector<PlannedRecord> records;
  std::vector<size_t> targets;  // the targets it holds pycs for
  std::vector<PlannedUnit> units;  // keep-source files; with any, the
                                   // entries hold one kKeptList entry
};

struct Plan {
  std::vector<EffectiveSettings> settings;  // per library
  std::vector<SourceFile> files;
  std::vector<CompileJob> jobs;
  std::vector<PlannedOutput> outputs;
  std::vector<std::string> generated;  // file contents pycpack writes itself
  std::vector<std::string> warnings;   // about the plan, for the user
};

// What the planner needs to know of a target interpreter.
struct PlanTarget {
  std::string name;       // as outputs select it
  std::string cache_tag;  // "cpython-311"
  std::string label;      // "CPython 3.11", for the guard's message
  std::string wheel_tag;  // "cp311": its python tag in wheel file names
};

struct PlanContext {
  FileSystem* fs = nullptr;
  // One per Manifest::targets entry, in the same order; distinct cache tags.
  std::vector<PlanTarget> targets;
  std::string output_dir;  // absolute; "" = the manifest's directory
  std::string cwd;         // absolute; no output may replace it
  Overrides overrides;
  std::string generator = "pycpack";  // written into wheels' WHEEL files
};

// Makes the plan. Fails on invalid settings, unreadable or unsafe trees
// (walk.h), Python sources over kMaxSourceSize, two libraries putting
// different content at one artifact path, and outputs that would land
// inside a library root (for a library with "files": replace a listed
// file or a directory holding one), replace the manifest's or the current
// directory, replace a symlink, or a directory by a file or a file by a
// directory.
//
// Layout per output (its targets: those it lists, else all): py+pyc modes
// get one tagged pyc per target and level; pyc-only with one target is
// sourceless (mod.pyc); pyc-only with several targets ships a guard mod.py
// that raises ImportError naming the targets, plus, per target, the
// unchecked pyc under the names of all three levels (a sourceless pyc is
// loaded whatever -O says; the guard layout keeps that promise).
//
// Outputs with a variant resolve settings with it (ResolveSettings); a
// compile job is shared by every output that needs the same pyc.
//
// py-only sources get syntax-check jobs (level 0, per target of the
// output; no entry uses them) unless check_syntax is off. Under
// on_compile_error "keep-source", every compiled or checked source is a
// PlannedUnit of the output, the entries that depend on it are
// conditional (PlannedEntry::When: its pycs, a __pycache__ holding only
// such pycs, the source of pyc-only for one target, the guard for
// several), and the output holds the list of kept sources (kKeptList, at
// the prefix, or in a wheel's .dist-info); no library file may be there.
//
// Packaging metadata: a "<dist>.dist-info/RECORD" at the top of a library
// root (an installed tree) is replaced by a RECORD listing exactly what the
// output ships of that distribution: the listed files that are shipped, the
// pycs made from them, and the .dist-info's own files. A wheel output gets
// a .dist-info (the one its libraries hold, else made from the output's
// name and version) with WHEEL and a RECORD of every file regenerated;
// .dist-info entries are last in every artifact (ArtifactOrderLess).
Result<Plan> MakePlan(const Manifest& manifest, const PlanContext& context);

}  // namespace pycpack

#endif  // PYCPACK_PLAN_PLANNER_H_
