#include "workers/canonical_compiler.h"

#include "marshal/canonical.h"

namespace pycpack {
namespace {

class CanonicalCompiler : public Compiler {
 public:
  explicit CanonicalCompiler(std::unique_ptr<Compiler> inner)
      : inner_(std::move(inner)) {}

  const InterpreterInfo& info() const override { return inner_->info(); }

  Result<CompileResult> Compile(const CompileRequest& request) override {
    Result<CompileResult> r = inner_->Compile(request);
    if (!r.ok() || !r->pyc) return r;
    Result<std::string> canon = CanonicalizePyc(*r->pyc);
    if (!canon.ok()) {
      return InternalError(request.dfile + ": cannot canonicalise the pyc: " +
                           canon.status().message());
    }
    r->pyc = std::move(canon).value();
    return r;
  }

 private:
  std::unique_ptr<Compiler> inner_;
};

}  // namespace

std::unique_ptr<Compiler> NewCanonicalCompiler(std::unique_ptr<Compiler> inner) {
  return std::make_unique<CanonicalCompiler>(std::move(inner));
}

}  // namespace pycpack
