// Shared inputs for the compile cache tests.
#ifndef PYCPACK_TESTS_CACHE_CACHE_TEST_UTIL_H_
#define PYCPACK_TESTS_CACHE_CACHE_TEST_UTIL_H_

#include <string>
#include <vector>

#include "pycpack/compiler.h"
#include "pycpack/filesystem.h"

namespace pycpack {

inline InterpreterInfo TestInterp() {
  InterpreterInfo info;
  info.implementation = "cpython";
  info.version = "3.11.2";
  info.major = 3;
  info.minor = 11;
  info.cache_tag = "cpython-311";
  info.magic = "\xa7\x0d\r\n";
  return info;
}

inline CompileRequest TestRequest(std::string source = "print('hi')\n") {
  CompileRequest request;
  request.source = std::move(source);
  request.dfile = "pkg/mod.py";
  request.optimize = 1;
  request.strip_docstrings = true;
  request.invalidation = Invalidation::kUncheckedHash;
  return request;
}

// A stand-in for a compiled pyc: a PEP 552 header and some bytes.
inline std::string TestPyc(const std::string& body = "code") {
  return std::string("\xa7\x0d\r\n\x01\0\0\0hashhash", 16) + body;
}

// The paths in |paths| whose base name marks an unfinished write.
inline std::vector<std::string> TempFiles(
    const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    if (p.find(".tmp.") != std::string::npos) out.push_back(p);
  }
  return out;
}

// The pack files (not temporaries) directly in |dir| of |fs|.
inline std::vector<std::string> PackFiles(FileSystem& fs,
                                          const std::string& dir) {
  std::vector<std::string> out;
  auto names = fs.ListDir(dir);
  if (!names.ok()) return out;
  for (const std::string& name : *names) {
    if (name.size() > 5 && name.ends_with(".pack"))
      out.push_back(dir + "/" + name);
  }
  return out;
}

}  // namespace pycpack

#endif  // PYCPACK_TESTS_CACHE_CACHE_TEST_UTIL_H_
