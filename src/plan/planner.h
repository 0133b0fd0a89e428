// The build plan: every file to read, every pyc to compile and, per output,
// every entry of the artifact in order. Made completely before any work, so
// every problem of the manifest or the tree is reported before compiling.
#ifndef PYCPACK_PLAN_PLANNER_H_
#define PYCPACK_PLAN_PLANNER_H_

#include <string>
#include <vector>

#include "plan/resolve.h"
#include "plan/walk.h"
#include "pycpack/archive.h"
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
  // Where the pyc goes, relative to the output prefix. Every output orders
  // its entries by prefix + this, so all outputs need the jobs in the order
  // of |path|.
  std::string path;
};

// One entry of an artifact and where its bytes come from.
struct PlannedEntry {
  enum class Source { kDirectory, kFile, kPyc };
  std::string path;  // in the artifact, prefix included
  Source source = Source::kFile;
  size_t index = 0;  // Plan::files index (kFile) or Plan::jobs index (kPyc)
  uint32_t mode = 0644;
};

struct PlannedOutput {
  size_t output = 0;        // index into Manifest::outputs
  std::string destination;  // absolute path of the artifact
  std::vector<PlannedEntry> entries;  // sorted bytewise by path
};

struct Plan {
  std::vector<EffectiveSettings> settings;  // per library
  std::vector<SourceFile> files;
  std::vector<CompileJob> jobs;
  std::vector<PlannedOutput> outputs;
};

struct PlanContext {
  FileSystem* fs = nullptr;
  std::string cache_tag;   // of the target interpreter
  std::string output_dir;  // absolute; "" = the manifest's directory
  Overrides overrides;
};

// Makes the plan. Fails on invalid settings, unreadable or unsafe trees, two
// libraries putting different content at one artifact path, and outputs
// that would land inside a library root or the manifest's directory itself.
Result<Plan> MakePlan(const Manifest& manifest, const PlanContext& context);

}  // namespace pycpack

#endif  // PYCPACK_PLAN_PLANNER_H_
