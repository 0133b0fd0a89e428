#include "build/pipeline.h"

#include "build/build_observer.h"
#include "build/unpacked_size.h"

#include "build/shown_path.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <tuple>

#include "archive/background_writer.h"
#include "archive/uncompressed_digest.h"
#include "plan/dist_info.h"
#include "util/interrupt.h"
#include "util/paths.h"
#include "workers/frame.h"

namespace pycpack {

struct Pipeline::JobState {
  bool done = false;
  std::optional<std::string> pyc;  // held until every output took it
  int uses = 0;                    // outputs still to take the pyc
  std::vector<Diagnostic> warnings;
  std::optional<Diagnostic> error;
  bool check_only = false;  // a syntax check: no output takes the pyc
  std::string cache_key;    // with a cache: computed once, by Next()
};

struct Pipeline::Out {
  const PlannedOutput* planned = nullptr;
  OutputReport* report = nullptr;
  std::unique_ptr<HashingFileSystem> hashing;  // archive formats only
  std::unique_ptr<StagedOutput> staged;
  std::unique_ptr<ArchiveWriter> writer;  // destroyed first
  size_t cursor = 0;                      // next entry to write
  // For outputs with RECORD files: entry index by path, and the RECORD row
  // of every entry a RECORD lists ("" until known).
  std::unordered_map<std::string, size_t> index_of;
  std::vector<std::string> rows;
  std::vector<bool> listed;
  UnpackedSize size;  // what the files add up to, by contributor
};

namespace {

std::string_view BelowPrefix(std::string_view path, std::string_view prefix) {
  return path.starts_with(prefix) ? path.substr(prefix.size()) : path;
}

// Which distribution each file of an installed tree belongs to: the rows of
// every RECORD the output writes, below the output's |prefix|.
std::unordered_map<std::string, std::string> DistributionOwners(const PlannedOutput& out,
                                                                std::string_view prefix) {
  std::unordered_map<std::string, std::string> owners;
  for (const PlannedEntry& e : out.entries) {
    if (e.source != PlannedEntry::Source::kRecord) continue;
    const std::string dist = DistributionOfDistInfoPath(BelowPrefix(e.path, prefix));
    if (dist.empty()) continue;
    for (const std::string& row : out.records[e.index].rows) {
      owners.emplace(std::string(BelowPrefix(row, prefix)), dist);
    }
  }
  return owners;
}

// Compressed pieces of artifacts kept next to the pycs in the compile cache.
class CacheBlobs : public BlobStore {
 public:
  explicit CacheBlobs(CompileCache* cache) : cache_(cache) {}
  std::optional<std::string> Get(const std::string& key) override {
    return cache_->GetByKey(key);
  }
  void Put(const std::string& key, std::string_view value) override {
    cache_->PutByKey(key, value);  // a failure only costs time next build
  }

 private:
  CompileCache* cache_;
};

// Creates |dir| and its missing parents, appending each one created to
// |created| (parents first).
Status MakeDirs(FileSystem* fs, const std::string& dir,
                std::vector<std::string>* created) {
  if (dir.empty() || dir == "/" || fs->Exists(dir)) return Status::Ok();
  PYCPACK_RETURN_IF_ERROR(MakeDirs(fs, std::string(DirName(dir)), created));
  PYCPACK_RETURN_IF_ERROR(fs->MakeDir(dir, 0755));
  created->push_back(dir);
  return Status::Ok();
}

}  // namespace

Pipeline::Pipeline(const Manifest& manifest, const Plan& plan,
                   const std::vector<Target>& targets, const BuildOptions& opt,
                   const BuildEnv& env, BuildReport* report)
    : manifest_(manifest), plan_(plan), targets_(targets), opt_(opt), env_(env),
      report_(report), kept_(plan, targets),
      jobs_(plan.jobs.size()), content_(plan.files.size()),
      file_uses_(plan.files.size(), 0), job_uses_(plan.files.size(), 0),
      streamed_(plan, env.fs, opt.stream_threshold), outs_(plan.outputs.size()) {
  for (size_t j = 0; j < plan.jobs.size(); ++j) {
    order_.push_back(j);
    ++job_uses_[plan.jobs[j].file];
    ++file_uses_[plan.jobs[j].file];
  }
  std::sort(order_.begin(), order_.end(), [&](size_t a, size_t b) {
    const std::string& pa = plan.jobs[a].path;
    const std::string& pb = plan.jobs[b].path;
    if (pa != pb) return ArtifactOrderLess(pa, pb);
    return a < b;
  });
  for (const PlannedOutput& po : plan.outputs) {
    for (const PlannedEntry& e : po.entries) {
      if (e.source == PlannedEntry::Source::kPyc) ++jobs_[e.index].uses;
      if (e.source == PlannedEntry::Source::kFile) ++file_uses_[e.index];
      // A guard ships its unit's source instead when the unit is kept.
      if (e.when == PlannedEntry::When::kOrSource) ++file_uses_[po.units[e.units[0]].file];
    }
  }
  for (JobState& js : jobs_) js.check_only = js.uses == 0;
}

Pipeline::~Pipeline() {
  if (committed_) return;
  outs_.clear();  // removes every staged output
  // A failed build leaves no trace: directories it created go too, when
  // nothing else appeared in them meanwhile.
  for (auto it = created_dirs_.rbegin(); it != created_dirs_.rend(); ++it) {
    Result<std::vector<std::string>> names = env_.fs->ListDir(*it);
    if (names.ok() && names->empty()) env_.fs->RemoveAll(*it);
  }
}

Status Pipeline::Start() {
  if (env_.cache) blobs_ = std::make_unique<CacheBlobs>(env_.cache);
  report_->outputs.resize(outs_.size());
  for (size_t i = 0; i < outs_.size(); ++i) {
    Out& out = outs_[i];
    out.planned = &plan_.outputs[i];
    out.report = &report_->outputs[i];
    const std::string& dest = out.planned->destination;
    OutputFormat format = ContainerFormat(manifest_.outputs[out.planned->output]);
    out.report->path = dest;
    out.report->format = manifest_.outputs[out.planned->output].format;
    out.report->entries = out.planned->entries.size();
    out.report->max_unpacked_size = manifest_.outputs[out.planned->output].max_unpacked_size;
    out.size = UnpackedSize(DistributionOwners(*out.planned,
                                               manifest_.outputs[out.planned->output].prefix));
    PYCPACK_RETURN_IF_ERROR(
        MakeDirs(env_.fs, std::string(DirName(dest)), &created_dirs_));
    Result<std::unique_ptr<StagedOutput>> st = StagedOutput::Begin(env_.fs, dest);
    if (!st.ok()) return st.status();
    out.staged = std::move(st).value();
    FileSystem* fs = env_.fs;
    if (format != OutputFormat::kDir) {
      out.hashing = std::make_unique<HashingFileSystem>(
          env_.fs, out.staged->staging_path());
      fs = out.hashing.get();
    }
    ArchiveOptions options;
    options.mtime = opt_.mtime;
    options.blobs = blobs_.get();
    Result<std::unique_ptr<ArchiveWriter>> w = NewArchiveWriter(
        format, fs, out.staged->staging_path(), options);
    if (!w.ok()) return w.status();
    // Compression runs beside the compile loop, one thread per output.
    out.writer = NewBackgroundWriter(std::move(w).value());
    if (!out.planned->records.empty()) {
      const std::vector<PlannedEntry>& entries = out.planned->entries;
      out.rows.resize(entries.size());
      out.listed.resize(entries.size());
      for (size_t e = 0; e < entries.size(); ++e) out.index_of.emplace(entries[e].path, e);
      for (const PlannedRecord& r : out.planned->records) {
        for (const std::string& row : r.rows) {
          auto it = out.index_of.find(row);
          if (it == out.index_of.end()) {
            return InternalError("RECORD lists '" + row + "', which is not in the artifact");
          }
          out.listed[it->second] = true;
        }
      }
    }
  }
  return Advance();
}

Result<std::shared_ptr<const std::string>> Pipeline::Content(size_t file) {
  if (content_[file]) return content_[file];
  Result<std::string> data = env_.fs->ReadFile(plan_.files[file].disk_path);
  if (!data.ok()) return data.status();
  if (job_uses_[file] > 0) report_->source_bytes += data->size();
  content_[file] = std::make_shared<const std::string>(std::move(data).value());
  return content_[file];
}

void Pipeline::ReleaseFile(size_t file) {
  // After a compile error nothing more is written: only jobs need content.
  if (--file_uses_[file] == 0 || (compile_failed_ && job_uses_[file] == 0)) {
    content_[file].reset();
    if (streamed_.streamed(file)) streamed_.Release(file);
  }
}

CompileRequest Pipeline::RequestFor(size_t j) {
  const CompileJob& job = plan_.jobs[j];
  CompileRequest req{*content_[job.file], job.dfile, job.optimize,
                     job.strip_docstrings, job.invalidation, std::nullopt};
  if (job.guard >= 0) req.hash_source = plan_.generated[job.guard];
  return req;
}

Result<std::optional<CompileJobRequest>> Pipeline::Next() {
  while (next_ < order_.size()) {
    size_t j = order_[next_++];
    Result<std::shared_ptr<const std::string>> src = Content(plan_.jobs[j].file);
    if (!src.ok()) return src.status();
    CompileRequest req = RequestFor(j);
    if (env_.cache) {
      Status corrupt;
      jobs_[j].cache_key = env_.cache->Key(req, &targets_[plan_.jobs[j].target].info);
      std::optional<std::string> hit =
          env_.cache->Get(jobs_[j].cache_key, req.dfile, &corrupt);
      if (!corrupt.ok()) Warn(corrupt.message() + "; recompiling");
      if (hit) {
        Result<std::pair<uint64_t, CompileResult>> r = DecodeResult(*hit);
        if (r.ok() && r->second.pyc) {
          jobs_[j].cache_key = std::string();  // not stored again: free it
          if (env_.observer) env_.observer->JobStarted(Event(j, true));
          PYCPACK_RETURN_IF_ERROR(OnResult(j, std::move(r->second), true));
          continue;
        }
        Warn("unreadable cache entry for " + req.dfile + "; recompiling");
      }
    }
    if (env_.observer) env_.observer->JobStarted(Event(j, false));
    return std::optional<CompileJobRequest>(
        CompileJobRequest{j, std::move(req), plan_.jobs[j].target});
  }
  return std::optional<CompileJobRequest>();
}

Status Pipeline::OnResult(uint64_t j, CompileResult r, bool from_cache) {
  JobState& js = jobs_[j];
  js.done = true;
  if (r.pyc && !from_cache && env_.cache) {
    store_->Put(std::move(js.cache_key), plan_.jobs[j].dfile, EncodeResult(0, r));
  }
  js.warnings = std::move(r.warnings);
  if (js.check_only) ++report_->syntax_checks;
  if (!r.pyc) {
    js.error = std::move(r.error);
    // A keep-source file that does not compile is only a warning.
    if (plan_.jobs[j].fatal && !compile_failed_) {
      compile_failed_ = true;
      for (Out& out : outs_) {  // nothing will be written: free it all now
        out.writer.reset();
        if (out.staged) out.staged->Abort();
      }
      for (JobState& other : jobs_) other.pyc.reset();
    }
  } else if (!js.check_only) {
    report_->pyc_bytes += r.pyc->size();
    ++(from_cache ? report_->cached : report_->compiled);
    if (!compile_failed_ && js.uses > 0) js.pyc = std::move(r.pyc);
  }
  kept_.JobDone(j, js.error ? &*js.error : nullptr);
  --job_uses_[plan_.jobs[j].file];
  ReleaseFile(plan_.jobs[j].file);
  ++finished_;
  if (env_.observer) {
    env_.observer->JobFinished(Event(j, from_cache),
                               {finished_, jobs_.size(), report_->cached});
  }
  return compile_failed_ ? Status::Ok() : Advance();
}

Status Pipeline::Advance() {
  for (Out& out : outs_) {
    Status s = AdvanceOutput(&out);
    if (!s.ok()) return s.WithContext(manifest_.outputs[out.planned->output].json_path);
  }
  return Status::Ok();
}

const PlannedEntry* Pipeline::Decide(Out* out, const PlannedEntry& planned,
                                     PlannedEntry* as_source, bool* wait) {
  const size_t oi = out - outs_.data();
  KeptUnits::Fate fate = kept_.FateOf(oi, planned);
  *wait = fate == KeptUnits::Fate::kWait;
  if (*wait) return nullptr;
  if (fate == KeptUnits::Fate::kSkip) {
    Drop(out, planned);
    return nullptr;
  }
  if (fate == KeptUnits::Fate::kShipSource) {
    size_t file = kept_.SourceOf(oi, planned);
    *as_source = {planned.path, PlannedEntry::Source::kFile, file, plan_.files[file].mode};
    return as_source;
  }
  if (planned.when == PlannedEntry::When::kOrSource) {
    ReleaseFile(kept_.SourceOf(oi, planned));  // the guard ships, not the source
  }
  return &planned;
}

Result<bool> Pipeline::Fill(Out* out, const PlannedEntry& e, ArchiveEntry* ae,
                            std::shared_ptr<const std::string>* hold) {
  switch (e.source) {
    case PlannedEntry::Source::kDirectory:
      ae->type = ArchiveEntry::Type::kDirectory;
      break;
    case PlannedEntry::Source::kFile: {
      if (streamed_.streamed(e.index)) {
        Result<const StreamedContent*> s = streamed_.Content(e.index);
        if (!s.ok()) return s.status();
        ae->stream = *s;
        return true;
      }
      Result<std::shared_ptr<const std::string>> c = Content(e.index);
      if (!c.ok()) return c.status();
      *hold = *c;
      break;
    }
    case PlannedEntry::Source::kPyc:
      if (!jobs_[e.index].done) return false;
      if (!jobs_[e.index].pyc) return InternalError("no pyc for '" + e.path + "'");
      ae->data = *jobs_[e.index].pyc;
      return true;
    case PlannedEntry::Source::kKeptList:
      *hold = std::make_shared<const std::string>(
          kept_.ListText(out - outs_.data(), e.path));
      break;
    case PlannedEntry::Source::kGenerated:
      ae->data = plan_.generated[e.index];
      return true;
    case PlannedEntry::Source::kRecord: {
      Result<std::string> text = RecordText(out, e);
      if (!text.ok()) return text.status();
      *hold = std::make_shared<const std::string>(std::move(text).value());
      break;
    }
  }
  if (*hold) ae->data = **hold;
  return true;
}

Status Pipeline::AdvanceOutput(Out* out) {
  const std::vector<PlannedEntry>& entries = out->planned->entries;
  for (; out->cursor < entries.size(); ++out->cursor) {
    PlannedEntry as_source;
    bool wait = false;
    const PlannedEntry* decided = Decide(out, entries[out->cursor], &as_source, &wait);
    if (wait) return Status::Ok();
    if (decided == nullptr) continue;  // dropped: it does not ship
    const PlannedEntry& e = *decided;
    ArchiveEntry ae;
    ae.path = e.path;
    ae.mode = e.mode;
    std::shared_ptr<const std::string> hold;
    Result<bool> ready = Fill(out, e, &ae, &hold);
    if (!ready.ok()) return ready.status();
    if (!*ready) return Status::Ok();
    if (!out->listed.empty() && out->listed[out->cursor]) {
      Result<std::string> row =
          RowOf(e.path.substr(out->planned->records.front().prefix.size()), ae, e.index);
      if (!row.ok()) return row.status();
      out->rows[out->cursor] = std::move(row).value();
    }
    if (Interrupted()) return InterruptedError();
    PYCPACK_RETURN_IF_ERROR(out->writer->Add(ae));
    if (!out->hashing) out->report->bytes += ae.size();
    if (ae.type != ArchiveEntry::Type::kDirectory) {
      out->size.Add(BelowPrefix(e.path, manifest_.outputs[out->planned->output].prefix),
                    ae.size());
    }
    if (e.source == PlannedEntry::Source::kFile) ReleaseFile(e.index);
    if (e.source == PlannedEntry::Source::kPyc && --jobs_[e.index].uses == 0) {
      jobs_[e.index].pyc.reset();
    }
  }
  return Status::Ok();
}

void Pipeline::Drop(Out* out, const PlannedEntry& e) {
  --out->report->entries;
  if (e.source == PlannedEntry::Source::kFile) ReleaseFile(e.index);
  if (e.source == PlannedEntry::Source::kPyc && --jobs_[e.index].uses == 0) {
    jobs_[e.index].pyc.reset();
  }
}

Result<std::string> Pipeline::RecordText(Out* out, const PlannedEntry& record) {
  const PlannedRecord& r = out->planned->records[record.index];
  std::string text;
  const size_t oi = out - outs_.data();
  for (const std::string& path : r.rows) {
    size_t i = out->index_of.at(path);
    if (out->rows[i].empty()) {
      // Listed files after the RECORD (its .dist-info's WHEEL, top_level.txt)
      // are hashed from where their bytes come from; listed files that did
      // not ship (of keep-source files) are left out.
      const PlannedEntry& e = out->planned->entries[i];
      if (kept_.FateOf(oi, e) == KeptUnits::Fate::kSkip) continue;
      std::string_view data;
      std::shared_ptr<const std::string> hold;
      if (e.source == PlannedEntry::Source::kKeptList) {
        hold = std::make_shared<const std::string>(kept_.ListText(oi, e.path));
        data = *hold;
      } else if (e.source == PlannedEntry::Source::kFile && streamed_.streamed(e.index)) {
        Result<std::string> row = streamed_.RecordRow(path.substr(r.prefix.size()), e.index);
        if (!row.ok()) return row.status();
        text += out->rows[i] = std::move(row).value();
        continue;
      } else if (e.source == PlannedEntry::Source::kFile) {
        Result<std::shared_ptr<const std::string>> c = Content(e.index);
        if (!c.ok()) return c.status();
        hold = *c;
        data = *hold;
      } else if (e.source == PlannedEntry::Source::kGenerated) {
        data = plan_.generated[e.index];
      } else {
        return InternalError("RECORD '" + record.path + "' lists '" + path +
                             "', which comes after it");
      }
      out->rows[i] = RecordRow(path.substr(r.prefix.size()), data);
    }
    text += out->rows[i];
  }
  return text + RecordSelfRow(record.path.substr(r.prefix.size()));
}

Result<std::string> Pipeline::RowOf(std::string_view path, const ArchiveEntry& ae,
                                    size_t file) {
  if (ae.stream == nullptr) return RecordRow(path, ae.data);
  return streamed_.RecordRow(path, file);
}

void Pipeline::Warn(const std::string& message) {
  if (env_.observer) env_.observer->Warning(message);
}

JobEvent Pipeline::Event(size_t j, bool from_cache) const {
  const CompileJob& job = plan_.jobs[j];
  const SourceFile& file = plan_.files[job.file];
  return {file.rel_path, manifest_.libraries[file.library].name, job.optimize,
          targets_.size() > 1 ? targets_[job.target].name : "", from_cache};
}

Status Pipeline::ReportDiagnostics() {
  std::set<size_t> failed;
  std::set<std::tuple<size_t, size_t, bool>> failed_for;  // file, target, fatal
  std::set<std::tuple<size_t, size_t, int, std::string>> warned;
  std::map<size_t, size_t> kept;  // file -> report_->kept_sources index
  for (size_t j = 0; j < jobs_.size(); ++j) {
    size_t file = plan_.jobs[j].file;
    size_t target = plan_.jobs[j].target;
    std::string shown =
        ShownPath(env_, ShownSourcePath(manifest_, plan_.files[file]));
    std::string tname = targets_.size() > 1 ? targets_[target].name : "";
    for (const Diagnostic& w : jobs_[j].warnings) {
      if (!warned.emplace(file, target, w.line, w.message).second) continue;
      report_->diagnostics.push_back({shown, w, false, tname});
      if (env_.observer) env_.observer->Diagnostic(report_->diagnostics.back());
    }
    if (!jobs_[j].error) continue;
    bool fatal = plan_.jobs[j].fatal;  // else the file is kept as source
    if (fatal) failed.insert(file);
    if (!failed_for.emplace(file, target, fatal).second) continue;
    report_->diagnostics.push_back({shown, *jobs_[j].error, fatal, tname, !fatal});
    if (env_.observer) env_.observer->Diagnostic(report_->diagnostics.back());
    if (fatal) continue;
    auto [at, fresh] = kept.try_emplace(file, report_->kept_sources.size());
    if (fresh) report_->kept_sources.push_back({shown, {}, *jobs_[j].error});
    report_->kept_sources[at->second].targets.push_back(targets_[target].name);
  }
  if (store_) {
    Status s = store_->Drain();
    if (!s.ok()) Warn("compile cache not updated: " + s.message());
  }
  if (env_.cache) {
    report_->cache_dir = env_.cache->dir();
    report_->cache = env_.cache->stats();
  }
  if (failed.empty()) return Status::Ok();
  std::string which;
  if (targets_.size() > 1) {
    std::set<size_t> targets;
    for (const auto& [file, target, fatal] : failed_for) {
      if (fatal) targets.insert(target);
    }
    for (size_t t : targets) which += (which.empty() ? " for " : ", ") + targets_[t].name;
  }
  return CompileError(std::to_string(failed.size()) + " file" +
                      (failed.size() == 1 ? "" : "s") + " failed to compile" +
                      which + "; nothing was written");
}

Status Pipeline::Run() {
  PYCPACK_RETURN_IF_ERROR(Start());
  if (env_.cache) store_ = std::make_unique<BackgroundStore>(env_.cache);
  std::unique_ptr<CompileExecutor> executor;
  if (env_.make_executor) {
    Result<std::unique_ptr<CompileExecutor>> e =
        env_.make_executor(jobs_.size(), targets_);
    if (!e.ok()) return e.status();
    executor = std::move(e).value();
  } else if (targets_.size() == 1 && targets_[0].embedded) {
    executor = NewInProcessExecutor(env_.compiler);
  } else {
    return InternalError("no way to compile for target \"" + targets_.back().name + "\"");
  }
  if (env_.observer) {
    env_.observer->PhaseStarted({BuildPhase::kCompiling, "", 0, jobs_.size()});
  }
  Status s = executor->Run(
      [this] { return Next(); },
      [this](uint64_t j, CompileResult r) { return OnResult(j, std::move(r), false); },
      [this](uint64_t j) {
        return ShownSourcePath(manifest_, plan_.files[plan_.jobs[j].file]);
      });
  executor.reset();  // stop the workers before anything else
  PYCPACK_RETURN_IF_ERROR(s);
  PYCPACK_RETURN_IF_ERROR(ReportDiagnostics());
  for (Out& out : outs_) {
    std::string where = manifest_.outputs[out.planned->output].json_path;
    if (out.cursor != out.planned->entries.size()) {
      return InternalError(where + ": not every entry was written");
    }
    if (env_.observer) {
      env_.observer->PhaseStarted({BuildPhase::kWriting, out.planned->destination,
                                   static_cast<size_t>(&out - outs_.data()), outs_.size()});
    }
    PYCPACK_RETURN_IF_ERROR(out.writer->Finish().WithContext(where));
    out.report->unpacked_bytes = out.size.total();
    if (out.report->max_unpacked_size) {
      PYCPACK_RETURN_IF_ERROR(
          CheckUnpackedBudget(out.size, *out.report->max_unpacked_size)
              .WithContext(manifest_.path + ": " + where + " (" + out.planned->destination +
                           ")"));
    }
    if (out.hashing) {
      out.report->bytes = out.hashing->bytes();
      out.report->sha256 = out.hashing->HexDigest();
      if (out.report->format == OutputFormat::kOciLayer) {
        Result<std::string> diff_id =
            UncompressedSha256(env_.fs, out.staged->staging_path());
        if (!diff_id.ok()) return diff_id.status().WithContext(where);
        out.report->diff_id = "sha256:" + *diff_id;
        out.report->digest = "sha256:" + *out.report->sha256;
      }
    }
  }
  return Status::Ok();
}

Status Pipeline::Commit() {
  if (Interrupted()) return InterruptedError();
  committed_ = true;
  for (Out& out : outs_) {
    PYCPACK_RETURN_IF_ERROR(out.staged->Commit());
    if (env_.observer) env_.observer->OutputWritten(*out.report);
  }
  return Status::Ok();
}

}  // namespace pycpack
