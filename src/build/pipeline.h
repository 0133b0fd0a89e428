// The streaming half of a build: compile jobs are handed out in artifact
// order, results (from the compile cache or an executor) are written to
// every output's staged artifact as soon as everything before them is, and
// memory is released as soon as every output has taken an entry. Memory
// therefore stays bounded by the jobs in flight, not by the tree.
#ifndef PYCPACK_BUILD_PIPELINE_H_
#define PYCPACK_BUILD_PIPELINE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cache/background_store.h"
#include "build/build.h"
#include "build/build_observer.h"
#include "build/kept_units.h"
#include "build/streamed_files.h"
#include "fs/hashing_filesystem.h"
#include "plan/planner.h"

namespace pycpack {

class Pipeline {
 public:
  // REQUIRES: all arguments outlive the pipeline.
  Pipeline(const Manifest& manifest, const Plan& plan,
           const std::vector<Target>& targets, const BuildOptions& opt,
           const BuildEnv& env, BuildReport* report);
  ~Pipeline();

  // Compiles every job and stages every output. Compile errors are all
  // collected (report->diagnostics) and give a kCompile status; then, like
  // on any other error, every staged output is removed.
  Status Run();
  // Moves every staged output into place. REQUIRES: Run() succeeded.
  Status Commit();

 private:
  struct Out;
  struct JobState;

  Status Start();
  Result<std::optional<CompileJobRequest>> Next();
  Status OnResult(uint64_t job, CompileResult result, bool from_cache);
  Status Advance();
  Status AdvanceOutput(Out* out);
  // The entry to write for |planned| of |out|, by what became of the
  // keep-source files it depends on (KeptUnits): |planned|, or |as_source|
  // filled in with the source that replaces a kept file's guard. Null when
  // it must wait (*wait set) or does not ship (then it is dropped).
  const PlannedEntry* Decide(Out* out, const PlannedEntry& planned,
                             PlannedEntry* as_source, bool* wait);
  // Sets ae's type and data (or stream) for entry |e| of |out|; |hold| keeps
  // alive what the data points into (a stream lives until ReleaseFile).
  // False while e's pyc is not compiled yet.
  Result<bool> Fill(Out* out, const PlannedEntry& e, ArchiveEntry* ae,
                    std::shared_ptr<const std::string>* hold);
  // Leaves out entry |e| of |out| (it does not ship), releasing what it
  // would have used.
  void Drop(Out* out, const PlannedEntry& e);
  // The content of the kRecord entry |record| of |out|.
  Result<std::string> RecordText(Out* out, const PlannedEntry& record);
  // The RECORD row, as |path|, of the file entry written as |ae|.
  Result<std::string> RowOf(std::string_view path, const ArchiveEntry& ae, size_t file);
  Result<std::shared_ptr<const std::string>> Content(size_t file);
  void ReleaseFile(size_t file);
  CompileRequest RequestFor(size_t job);
  void Warn(const std::string& message);
  // What observers are told about job |j|.
  JobEvent Event(size_t j, bool from_cache) const;
  Status ReportDiagnostics();

  const Manifest& manifest_;
  const Plan& plan_;
  const std::vector<Target>& targets_;
  const BuildOptions& opt_;
  const BuildEnv& env_;
  BuildReport* report_;
  KeptUnits kept_;  // which keep-source files compiled

  std::vector<size_t> order_;  // job indexes in artifact-path order
  size_t next_ = 0;            // next position in order_ to hand out
  std::vector<JobState> jobs_;
  std::vector<std::shared_ptr<const std::string>> content_;  // per file
  std::vector<int> file_uses_;  // uses of each file's content still to come
  std::vector<int> job_uses_;   // jobs of each file not finished yet
  StreamedFiles streamed_;      // big data files: never in content_
  std::unique_ptr<BlobStore> blobs_;  // with a cache; outlives outs_
  std::vector<Out> outs_;
  bool compile_failed_ = false;  // stop writing, keep compiling
  size_t finished_ = 0;
  std::unique_ptr<BackgroundStore> store_;  // with a cache: fresh results
  std::vector<std::string> created_dirs_;  // parents of destinations we made
  bool committed_ = false;
};

}  // namespace pycpack

#endif  // PYCPACK_BUILD_PIPELINE_H_
