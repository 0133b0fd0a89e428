// Test helpers: the embedded compiler shared by all tests of the binary, a
// scratch directory, and the standalone interpreter of the same installation
// as the embedded one (PYCPACK_TEST_PYTHON, set by CMake from
// ${Python3_EXECUTABLE}), the reference for what CPython itself produces.
#ifndef PYCPACK_TESTS_COMPILE_TEST_UTIL_H_
#define PYCPACK_TESTS_COMPILE_TEST_UTIL_H_

#include <string>
#include <vector>

#include "pycpack/compiler.h"

namespace pycpack::testutil {

// The embedded compiler; aborts the test binary if it cannot be created.
Compiler& Embedded();

// Embedded().Compile(request), failing the test on a non-ok Status (and
// then returning an empty result).
CompileResult MustCompile(const CompileRequest& request);

// A fresh directory under the system temp dir, removed with its contents
// when the object is destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes |bytes| to path()/name and returns that path.
  std::string Write(const std::string& name, const std::string& bytes) const;
  // The bytes of path()/name; "" if it cannot be read (and the test fails).
  std::string Read(const std::string& name) const;

 private:
  std::string path_;
};

struct PythonRun {
  int exit_code = -1;
  std::string out;  // stdout; stderr goes to the test's stderr
};

// Runs the standalone interpreter on |script| (Python source) with |args|,
// with PYTHONHASHSEED=0 and no other environment, without site.
PythonRun RunPython(const std::string& script,
                    const std::vector<std::string>& args);

// The .pyc that py_compile.compile() of the standalone interpreter writes
// for |source| with the given dfile, optimize level and invalidation mode;
// "" (and a test failure) if it fails.
std::string PyCompileReference(const std::string& source,
                               const std::string& dfile, int optimize,
                               Invalidation invalidation);

}  // namespace pycpack::testutil

#endif  // PYCPACK_TESTS_COMPILE_TEST_UTIL_H_
