// The compiler seam: source bytes in, complete .pyc bytes out. The embedded
// backend runs libpython inside this process; later backends (worker
// processes, foreign interpreters) implement the same interface.
#ifndef PYCPACK_COMPILER_H_
#define PYCPACK_COMPILER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pycpack/pyc.h"
#include "pycpack/status.h"

namespace pycpack {


// Facts about the interpreter a Compiler produces bytecode for.
struct InterpreterInfo {
  std::string implementation;  // "cpython"
  std::string version;         // "3.11.2"
  int major = 0, minor = 0;
  std::string cache_tag;  // sys.implementation.cache_tag, "cpython-311"
  std::string magic;      // the 4 magic bytes, "\xa7\x0d\r\n"
  // The interpreter's program (sys.executable); "" for the embedded one.
  std::string executable;
};

struct CompileRequest {
  std::string source;  // raw file bytes (coding cookie / BOM honoured)
  std::string dfile;   // becomes co_filename; also named in diagnostics
  int optimize = 0;    // 0, 1 or 2 (like -O / -OO)
  // Drop docstrings, keep asserts (unless optimize >= 1 drops them).
  bool strip_docstrings = false;
  // kUncheckedHash or kCheckedHash (pycpack never writes timestamps).
  Invalidation invalidation = Invalidation::kCheckedHash;
  // The bytes the header's source hash is computed over; unset: |source|.
  // Set for pycs shipped beside a file other than their source (the guard
  // module of a pyc-only build for several targets).
  std::optional<std::string> hash_source = std::nullopt;
};

// A message about a source file. line/col are 1-based; 0 when unknown.
struct Diagnostic {
  std::string kind;  // "SyntaxError", "SyntaxWarning", "UnicodeDecodeError"...
  std::string message;
  int line = 0;
  int col = 0;
};

struct CompileResult {
  // Complete .pyc file (16-byte header + marshal data) when compiling
  // succeeded; nullopt when it failed, and then |error| says why.
  std::optional<std::string> pyc;
  Diagnostic error;
  std::vector<Diagnostic> warnings;  // shown, never fatal
};

class Compiler {
 public:
  virtual ~Compiler() = default;
  virtual const InterpreterInfo& info() const = 0;
  // Compiles one source. Failing to compile the source is reported in the
  // result; a non-ok Status means the compiler itself is broken.
  virtual Result<CompileResult> Compile(const CompileRequest& request) = 0;
};

// The libpython linked into this binary. The interpreter is initialised on
// the first call (isolated: no site, no user environment, hash seed 0) and
// lives until the process ends (it is never finalised); every returned
// Compiler shares it. Fails, with the same error on every call, if the
// interpreter cannot be initialised.
// REQUIRES: Compile is called from one thread at a time (any thread, across
// all returned Compilers).
Result<std::unique_ptr<Compiler>> NewEmbeddedCompiler();

}  // namespace pycpack

#endif  // PYCPACK_COMPILER_H_
