// The process-wide embedded CPython interpreter behind NewEmbeddedCompiler().
//
// The interpreter is initialised at most once per process, isolated from the
// environment (PyConfig_InitIsolatedConfig: no site, no user site, PYTHON*
// variables ignored, hash seed fixed at 0, no signal handlers, no bytecode
// written, argv not parsed). It is NEVER finalised: it lives until the
// process exits, because CPython does not support re-initialising after
// Py_FinalizeEx reliably, and extension state would leak anyway. Objects it
// holds (the glue functions) are deliberately kept alive until exit.
//
// A process that initialised Python itself before the first call keeps its
// own interpreter and configuration; the glue is loaded into it.
//
// Once initialised, the GIL is released; code that touches Python objects
// takes it with GilGuard (py_ref.h), from any thread.
#ifndef PYCPACK_COMPILE_PYTHON_RUNTIME_H_
#define PYCPACK_COMPILE_PYTHON_RUNTIME_H_

#include <string>

#include "pycpack/compiler.h"
#include "pycpack/status.h"

// Forward declaration so this header does not pull in Python.h.
struct _object;
typedef struct _object PyObject;

namespace pycpack {

struct EmbeddedRuntime {
  InterpreterInfo info;
  // compile_one from the glue module (compile_glue.h). A strong reference
  // that is never released. REQUIRES: the GIL to call it.
  PyObject* compile_one = nullptr;
};

// Initialises the interpreter and loads the glue on the first call; later
// calls (from any thread) return the same runtime, or the same error when
// initialising failed. Thread-safe.
Result<const EmbeddedRuntime*> GetEmbeddedRuntime();

// Describes the Python exception currently set ("TypeName: message") and
// clears it; "unknown Python error" when none is set.
// REQUIRES: the calling thread holds the GIL.
std::string TakePythonError();

}  // namespace pycpack

#endif  // PYCPACK_COMPILE_PYTHON_RUNTIME_H_
