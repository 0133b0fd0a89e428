// The version of pycpack (CMake's PROJECT_VERSION, the one place it is set)
// and what `pycpack --version` reports.
#ifndef PYCPACK_BUILD_VERSION_H_
#define PYCPACK_BUILD_VERSION_H_

#include <string>

#include "pycpack/compiler.h"
#include "pycpack/status.h"

namespace pycpack {

// "0.1.0".
std::string PycpackVersion();

// The text of `pycpack --version`, one fact per line, newline-terminated:
//
//   pycpack 0.1.0
//   embedded CPython: 3.11.2 (magic number 3495, cache tag cpython-311)
//   canonical pyc form: version 1
//   libarchive: 3.6.2 (zlib/1.2.13 liblzma/5.4.1 bz2lib/1.0.8 liblz4/1.9.4 libzstd/1.5.4)
//   libdeflate: 1.14
//   libzstd: 1.5.4
//   zlib: 1.2.13
//   OpenSSL: 3.0.19 27 Jan 2026
//
// The first line is exactly "pycpack " + PycpackVersion() (help2man and
// scripts read it). Every other line is "<name>: <value>". |embedded| is the
// embedded interpreter's facts, or why it could not be started: then its
// line says "unavailable (<message>)" and the other lines are unchanged.
// Library versions are those of the libraries loaded at run time, except
// libdeflate's, which has no run-time query: it is the version of the
// headers pycpack was compiled with.
std::string VersionText(const Result<InterpreterInfo>& embedded);

// The facts of the embedded CPython, starting it if this process has not
// yet (see NewEmbeddedCompiler), or why it cannot be started.
Result<InterpreterInfo> EmbeddedInterpreterInfo();

}  // namespace pycpack

#endif  // PYCPACK_BUILD_VERSION_H_
