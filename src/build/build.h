// `pycpack build`: manifest -> plan -> compile -> artifacts, as a library
// function that tests drive with fakes.
#ifndef PYCPACK_BUILD_BUILD_H_
#define PYCPACK_BUILD_BUILD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <functional>
#include <memory>

#include "plan/resolve.h"
#include "pycpack/archive.h"
#include "pycpack/compiler.h"
#include "pycpack/filesystem.h"
#include "pycpack/manifest.h"
#include "pycpack/status.h"
#include "cache/compile_cache.h"
#include "targets/target.h"
#include "workers/executor.h"

namespace pycpack {

class BuildObserver;

// The default BuildOptions::stream_threshold: 4 MiB.
inline constexpr uint64_t kStreamThreshold = 4u << 20;

struct BuildOptions {
  std::string manifest_path;
  Overrides overrides;
  std::string output_dir;  // "" = outputs resolve against the manifest
  int64_t mtime = kDefaultMtime;
  // --target: when not empty, replaces the manifest's targets, and every
  // output takes all of them.
  std::vector<TargetSpec> targets;
  // --variant: when not empty, only the outputs of this variant are built.
  std::string variant;
  // Data files (no compile job reads them) of at least this many bytes are
  // streamed to the writers in pieces instead of being held in memory.
  uint64_t stream_threshold = kStreamThreshold;
};

// What RunBuild works with. |cwd| resolves relative paths and shortens the
// paths diagnostics show.
// Wheel libraries are extracted on the host file system (under $TMPDIR),
// so a build with one needs an |fs| that sees the host's files.
struct BuildEnv {
  FileSystem* fs = nullptr;
  Compiler* compiler = nullptr;
  // Told what happens (jobs, warnings, diagnostics, outputs); none: nobody
  // is told, the report alone says what happened.
  BuildObserver* observer = nullptr;
  std::string cwd;
  // Makes the executor for |jobs| compile jobs for |targets| (a job's
  // target indexes it); unset: compile in this process with |compiler|
  // (which then must be the only target).
  std::function<Result<std::unique_ptr<CompileExecutor>>(
      size_t jobs, const std::vector<Target>& targets)>
      make_executor;
  // Describes a target that is not the embedded interpreter; unset:
  // ProbeTarget, which runs it.
  std::function<Result<Target>(const TargetSpec&)> probe;
  CompileCache* cache = nullptr;  // none: compile everything
};

struct OutputReport {
  std::string path;  // destination
  OutputFormat format = OutputFormat::kDir;
  size_t entries = 0;
  uint64_t bytes = 0;  // artifact size; for dir: sum of file sizes
  uint64_t unpacked_bytes = 0;  // the sum of its files' sizes (what it unpacks to)
  std::optional<uint64_t> max_unpacked_size;  // its budget, if it has one
  std::optional<std::string> sha256;  // of the artifact file; none for dir
  // oci-layer: "sha256:" + SHA-256 of the uncompressed tar (the layer's
  // diff_id) and of the blob (its digest).
  std::optional<std::string> diff_id;
  std::optional<std::string> digest;
};

struct DiagnosticReport {
  std::string path;  // the source file as shown to the user
  Diagnostic diagnostic;
  bool error = false;
  std::string target;  // the target it came from, when the build has several
  // A compile error of a file whose source is kept (on_compile_error
  // "keep-source"): a warning (error is false); the file ships as source,
  // without pyc.
  bool kept = false;
};

// A source shipped without pyc because it does not compile (keep-source).
struct KeptSourceReport {
  std::string path;  // as shown to the user
  std::vector<std::string> targets;  // names of those it failed for
  Diagnostic error;  // for the first of them
};

struct BuildReport {
  Status status;
  std::optional<InterpreterInfo> interpreter;  // the embedded one
  std::vector<Target> targets;  // what the build compiled for
  std::vector<OutputReport> outputs;
  std::vector<DiagnosticReport> diagnostics;
  std::vector<std::string> warnings;  // about the manifest's outputs
  std::vector<KeptSourceReport> kept_sources;  // in the order of the jobs
  size_t libraries = 0;
  size_t files = 0;     // selected from all libraries
  size_t sources = 0;   // .py files among them
  size_t compiled = 0;  // pycs compiled successfully in this build
  size_t cached = 0;    // pycs taken from the compile cache
  // Syntax checks of py-only sources (one per source and target, passed or
  // not): compiled or found in the cache, the pyc thrown away; not counted
  // in compiled, cached or pyc_bytes.
  size_t syntax_checks = 0;
  std::string cache_dir;  // "" when no cache was used
  CacheStats cache;
  size_t copied = 0;    // files shipped as they are (per artifact entry set)
  uint64_t source_bytes = 0;  // of the compiled sources
  uint64_t pyc_bytes = 0;     // of the produced pycs
  double seconds = 0;
};

// Runs a whole build. Nothing is written unless every source compiled and
// every artifact was staged completely; artifacts are then moved into place.
// Errors are in report.status (exit code by Status::ExitCode).
BuildReport RunBuild(const BuildOptions& options, const BuildEnv& env);

}  // namespace pycpack

#endif  // PYCPACK_BUILD_BUILD_H_
