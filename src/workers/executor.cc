#include "workers/executor.h"

#include "util/interrupt.h"

namespace pycpack {
namespace {

class InProcessExecutor : public CompileExecutor {
 public:
  explicit InProcessExecutor(Compiler* compiler) : compiler_(compiler) {}

  Status Run(size_t count, const std::function<CompileRequest(size_t)>& make,
             const std::function<Status(size_t, CompileResult)>& done,
             const std::function<std::string(size_t)>& label) override {
    for (size_t i = 0; i < count; ++i) {
      if (Interrupted()) return InterruptedError();
      Result<CompileResult> r = compiler_->Compile(make(i));
      if (!r.ok()) return r.status().WithContext(label(i));
      PYCPACK_RETURN_IF_ERROR(done(i, std::move(r).value()));
    }
    return Status::Ok();
  }

 private:
  Compiler* compiler_;
};

}  // namespace

std::unique_ptr<CompileExecutor> NewInProcessExecutor(Compiler* compiler) {
  return std::make_unique<InProcessExecutor>(compiler);
}

}  // namespace pycpack
