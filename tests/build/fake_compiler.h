// A Compiler for tests: no Python. The "pyc" is a valid header followed by
// "optimize=<level>;dfile=<dfile>;<source>". A source containing "!error"
// fails to compile at the line it is on; "!warn" gives a warning.
#ifndef PYCPACK_TESTS_BUILD_FAKE_COMPILER_H_
#define PYCPACK_TESTS_BUILD_FAKE_COMPILER_H_

#include <string>

#include "pycpack/compiler.h"
#include "pycpack/pyc.h"

namespace pycpack {

class FakeCompiler : public Compiler {
 public:
  FakeCompiler() {
    info_.implementation = "cpython";
    info_.version = "3.11.0";
    info_.major = 3;
    info_.minor = 11;
    info_.cache_tag = "cpython-311";
    info_.magic = std::string("\xa7\x0d\r\n", 4);
  }
  const InterpreterInfo& info() const override { return info_; }

  Result<CompileResult> Compile(const CompileRequest& req) override {
    ++calls;
    CompileResult r;
    if (size_t at = req.source.find("!warn"); at != std::string::npos) {
      r.warnings.push_back({"SyntaxWarning", "fake warning", LineOf(req.source, at), 0});
    }
    if (size_t at = req.source.find("!error"); at != std::string::npos) {
      r.error = {"SyntaxError", "invalid syntax", LineOf(req.source, at), 5};
      return r;
    }
    std::string hash(8, static_cast<char>(req.source.size() & 0xff));
    r.pyc = MakePycHeader(info_.magic, req.invalidation, hash) +
            "optimize=" + std::to_string(req.optimize) + ";dfile=" + req.dfile +
            ";" + req.source;
    return r;
  }

  int calls = 0;

 private:
  static int LineOf(const std::string& s, size_t at) {
    int line = 1;
    for (size_t i = 0; i < at; ++i) line += s[i] == '\n';
    return line;
  }
  InterpreterInfo info_;
};

}  // namespace pycpack

#endif  // PYCPACK_TESTS_BUILD_FAKE_COMPILER_H_
