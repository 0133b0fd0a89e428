// The compilers of `pycpack precompile`, one kind per Python version: the
// embedded CPython for its own version (or no --python_version), and for
// any other version the interpreter named by --interpreter X.Y=PATH. A
// compiler is lent to one request at a time; a persistent worker serving
// several requests at once gets one compile process per request in flight.
#ifndef PYCPACK_PRECOMPILE_COMPILER_SET_H_
#define PYCPACK_PRECOMPILE_COMPILER_SET_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pycpack/compiler.h"
#include "pycpack/status.h"
#include "targets/target.h"

namespace pycpack {

class CompilerSet {
 public:
  struct Options {
    // --interpreter: "3.12" -> program (a path, or a name looked up in PATH).
    std::map<std::string, std::string> interpreters;
    // true: every compiler is a worker process (requests run concurrently);
    // false: the embedded version compiles in this process.
    bool processes = false;
    std::string cwd;  // resolves relative interpreter paths
  };

  // A compiler on loan; returned to the set when the lease ends.
  class Lease {
   public:
    Lease(CompilerSet* set, std::string key, std::unique_ptr<Compiler> c)
        : set_(set), key_(std::move(key)), compiler_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Compiler* get() const { return compiler_.get(); }

   private:
    CompilerSet* set_;
    std::string key_;
    std::unique_ptr<Compiler> compiler_;
  };

  // REQUIRES: |embedded| compiles with the embedded CPython in this process
  // and outlives the set; its pycs are canonical.
  CompilerSet(Options options, Compiler* embedded);
  ~CompilerSet();

  // Adds --interpreter |version|=|program| (a request's own). Fails with a
  // UsageError when |version| already has another program. Thread-safe.
  Status Declare(const std::string& version, const std::string& program);

  // A compiler for |python_version| ("" or the embedded "X.Y": embedded).
  // Fails with a UsageError for a version it has no interpreter for, or an
  // --interpreter that is not that version (probing it once). Thread-safe.
  Result<Lease> Borrow(const std::string& python_version);

 private:
  Result<const Target*> TargetFor(const std::string& version);
  void Return(const std::string& key, std::unique_ptr<Compiler> c);

  Options options_;
  Compiler* embedded_;
  std::string embedded_version_;  // "3.11"
  std::mutex mu_;
  std::map<std::string, Target> targets_;  // probed, by version
  std::map<std::string, std::vector<std::unique_ptr<Compiler>>> idle_;
  bool embedded_lent_ = false;
};

}  // namespace pycpack

#endif  // PYCPACK_PRECOMPILE_COMPILER_SET_H_
