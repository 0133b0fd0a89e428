#include "workers/executor.h"

#include "util/interrupt.h"

namespace pycpack {
namespace {

class InProcessExecutor : public CompileExecutor {
 public:
  explicit InProcessExecutor(Compiler* compiler) : compiler_(compiler) {}

  Status Run(const NextJobFn& next, const JobDoneFn& done,
             const JobLabelFn& label) override {
    for (;;) {
      if (Interrupted()) return InterruptedError();
      Result<std::optional<CompileJobRequest>> job = next();
      if (!job.ok()) return job.status();
      if (!job->has_value()) return Status::Ok();
      if ((*job)->target != 0) {
        return InternalError(label((*job)->id) +
                             ": compiling in this process serves one target only");
      }
      Result<CompileResult> r = compiler_->Compile((*job)->request);
      if (!r.ok()) return r.status().WithContext(label((*job)->id));
      PYCPACK_RETURN_IF_ERROR(done((*job)->id, std::move(r).value()));
    }
  }

 private:
  Compiler* compiler_;
};

}  // namespace

std::unique_ptr<CompileExecutor> NewInProcessExecutor(Compiler* compiler) {
  return std::make_unique<InProcessExecutor>(compiler);
}

}  // namespace pycpack
