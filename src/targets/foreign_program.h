// The program foreign target interpreters run: the compile glue (see
// compile/compile_glue.h) plus a loop speaking the worker protocol of
// workers/frame.h on stdin/stdout.
//
//   PY -S -s -B -c PROGRAM probe   prints one JSON object: implementation,
//                                  version, major, minor, cache_tag, magic
//                                  (hex), executable, source_hash and
//                                  hash_based_pycs (bools: the interpreter
//                                  can compute / load PEP 552 pycs: it has
//                                  _imp.source_hash / the glue's HASH_KEY)
//   PY -S -s -B -c PROGRAM serve   answers compile requests until end of
//                                  input; every answer is a complete pyc
//                                  (header included), not yet canonical
//
// Runs on CPython 3.8 and later.
#ifndef PYCPACK_TARGETS_FOREIGN_PROGRAM_H_
#define PYCPACK_TARGETS_FOREIGN_PROGRAM_H_

#include <string>

namespace pycpack {

std::string ForeignWorkerProgram();

}  // namespace pycpack

#endif  // PYCPACK_TARGETS_FOREIGN_PROGRAM_H_
