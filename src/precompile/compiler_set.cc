#include "precompile/compiler_set.h"

#include "workers/worker_process.h"

namespace pycpack {
namespace {

// The embedded compiler in this process, lent without giving up ownership.
class Borrowed : public Compiler {
 public:
  explicit Borrowed(Compiler* inner) : inner_(inner) {}
  const InterpreterInfo& info() const override { return inner_->info(); }
  Result<CompileResult> Compile(const CompileRequest& r) override { return inner_->Compile(r); }

 private:
  Compiler* inner_;
};

std::string VersionOf(const InterpreterInfo& info) {
  return std::to_string(info.major) + "." + std::to_string(info.minor);
}

constexpr char kInProcess[] = "";  // the idle_ key of the in-process compiler

}  // namespace

CompilerSet::Lease::~Lease() {
  if (set_ != nullptr && compiler_) set_->Return(key_, std::move(compiler_));
}

CompilerSet::CompilerSet(Options options, Compiler* embedded)
    : options_(std::move(options)), embedded_(embedded),
      embedded_version_(VersionOf(embedded->info())) {}

CompilerSet::~CompilerSet() = default;

Result<const Target*> CompilerSet::TargetFor(const std::string& version) {
  auto known = targets_.find(version);
  if (known != targets_.end()) return &known->second;
  auto named = options_.interpreters.find(version);
  if (named == options_.interpreters.end()) {
    return UsageError("no interpreter for --python_version " + version +
                      ": pycpack embeds CPython " + embedded_version_ +
                      "; name one with --interpreter " + version + "=/path/to/python" +
                      version);
  }
  TargetSpec spec{"python" + version, named->second, "--interpreter " + version};
  Result<Target> t = ProbeTarget(spec, embedded_->info(), options_.cwd);
  if (!t.ok()) return t.status();
  if (VersionOf(t->info) != version) {
    return UsageError("--interpreter " + version + "=" + named->second + " is " +
                      TargetLabel(t->info) + ", not " + version);
  }
  return &targets_.emplace(version, std::move(t).value()).first->second;
}

Status CompilerSet::Declare(const std::string& version, const std::string& program) {
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, added] = options_.interpreters.emplace(version, program);
  if (!added && it->second != program) {
    return UsageError("--interpreter " + version + "=" + program + " conflicts with " +
                      version + "=" + it->second + " given before");
  }
  return Status::Ok();
}

Result<CompilerSet::Lease> CompilerSet::Borrow(const std::string& python_version) {
  const std::string version = python_version.empty() ? embedded_version_ : python_version;
  std::lock_guard<std::mutex> lock(mu_);
  const bool embedded = version == embedded_version_;
  if (embedded && !options_.processes) {
    if (embedded_lent_) return InternalError("the embedded compiler is already lent");
    embedded_lent_ = true;
    return Lease(this, kInProcess, std::make_unique<Borrowed>(embedded_));
  }
  std::vector<std::unique_ptr<Compiler>>& idle = idle_[version];
  if (!idle.empty()) {
    std::unique_ptr<Compiler> c = std::move(idle.back());
    idle.pop_back();
    return Lease(this, version, std::move(c));
  }
  if (embedded) {
    WorkerCommand cmd{{"/proc/self/exe", "__worker"}, {}};
    return Lease(this, version, NewProcessCompiler(cmd, embedded_->info(), false));
  }
  Result<const Target*> target = TargetFor(version);
  if (!target.ok()) return target.status();
  const Target& t = **target;
  return Lease(this, version,
               NewProcessCompiler({t.worker_argv, t.worker_env}, t.info, true));
}

void CompilerSet::Return(const std::string& key, std::unique_ptr<Compiler> c) {
  std::lock_guard<std::mutex> lock(mu_);
  if (key == kInProcess) {
    embedded_lent_ = false;
    return;
  }
  idle_[key].push_back(std::move(c));
}

}  // namespace pycpack
