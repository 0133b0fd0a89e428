// A Compiler decorator that puts every pyc it returns into the canonical
// form (docs/canonical-pyc.md), so the bytes depend only on the source and
// the compile settings, never on what the compiling process did before.
#ifndef PYCPACK_WORKERS_CANONICAL_COMPILER_H_
#define PYCPACK_WORKERS_CANONICAL_COMPILER_H_

#include <memory>

#include "pycpack/compiler.h"

namespace pycpack {

// Wraps |inner|. A pyc that cannot be canonicalised (a marshal stream this
// version of pycpack does not understand) is a non-ok Status naming dfile:
// it is never passed through unchanged.
std::unique_ptr<Compiler> NewCanonicalCompiler(std::unique_ptr<Compiler> inner);

}  // namespace pycpack

#endif  // PYCPACK_WORKERS_CANONICAL_COMPILER_H_
