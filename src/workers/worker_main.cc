#include "workers/worker_main.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <iostream>

#include "workers/canonical_compiler.h"
#include "workers/frame.h"

namespace pycpack {

int RunWorkerMain() {
  // The parent handles Ctrl-C and stops the workers itself.
  signal(SIGINT, SIG_IGN);
  int out = fcntl(1, F_DUPFD_CLOEXEC, 3);
  if (out < 0 || dup2(2, 1) < 0) return 3;
  Result<std::unique_ptr<Compiler>> embedded = NewEmbeddedCompiler();
  if (!embedded.ok()) {
    std::cerr << "pycpack worker: " << embedded.status().message() << '\n';
    return 3;
  }
  std::unique_ptr<Compiler> compiler =
      NewCanonicalCompiler(std::move(embedded).value());
  for (;;) {
    Result<std::optional<std::string>> frame = ReadFrame(0);
    if (!frame.ok()) {
      std::cerr << "pycpack worker: " << frame.status().message() << '\n';
      return 3;
    }
    if (!frame->has_value()) return 0;
    Result<std::pair<uint64_t, CompileRequest>> req = DecodeRequest(**frame);
    if (!req.ok()) {
      std::cerr << "pycpack worker: " << req.status().message() << '\n';
      return 3;
    }
    Result<CompileResult> res = compiler->Compile(req->second);
    if (!res.ok()) {
      std::cerr << "pycpack worker: " << res.status().message() << '\n';
      return 3;
    }
    if (!WriteFrame(out, EncodeResult(req->first, *res)).ok()) return 3;
  }
}

}  // namespace pycpack
