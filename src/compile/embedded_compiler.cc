// The Compiler backed by the libpython linked into this binary (see
// python_runtime.h for how the interpreter is set up and why it is never
// finalised).
//
// Python.h must come before any standard header (CPython's requirement).
#include "compile/py_ref.h"
//
#include <memory>
#include <string>

#include "compile/python_runtime.h"
#include "compile/source_checks.h"
#include "pycpack/compiler.h"
#include "pycpack/pyc.h"

namespace pycpack {
namespace {

// Reads a glue Diag tuple (compile_glue.h). REQUIRES: the GIL.
bool ReadDiagnostic(PyObject* tuple, Diagnostic* out) {
  const char *kind, *message;
  Py_ssize_t kind_len, message_len;
  if (!PyArg_ParseTuple(tuple, "y#y#ii", &kind, &kind_len, &message,
                        &message_len, &out->line, &out->col)) {
    return false;
  }
  out->kind.assign(kind, kind_len);
  out->message.assign(message, message_len);
  return true;
}

// Reads the warnings list of a compile_one answer. REQUIRES: the GIL.
bool ReadWarnings(PyObject* list, std::vector<Diagnostic>* out) {
  if (!PyList_Check(list)) {
    PyErr_SetString(PyExc_TypeError, "warnings is not a list");
    return false;
  }
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); ++i) {
    Diagnostic d;
    if (!ReadDiagnostic(PyList_GET_ITEM(list, i), &d)) return false;
    out->push_back(std::move(d));
  }
  return true;
}

// Turns a compile_one answer into |result|. REQUIRES: the GIL.
bool ReadAnswer(PyObject* answer, std::string_view magic,
                Invalidation invalidation, CompileResult* result) {
  PyObject *hash, *code, *error, *warnings;  // borrowed
  if (!PyArg_ParseTuple(answer, "OOOO", &hash, &code, &error, &warnings) ||
      !ReadWarnings(warnings, &result->warnings)) {
    return false;
  }
  if (code == Py_None) return ReadDiagnostic(error, &result->error);
  char *hash_bytes, *code_bytes;
  Py_ssize_t hash_len, code_len;
  if (PyBytes_AsStringAndSize(hash, &hash_bytes, &hash_len) != 0 ||
      PyBytes_AsStringAndSize(code, &code_bytes, &code_len) != 0) {
    return false;
  }
  if (hash_len != 8) {
    PyErr_SetString(PyExc_ValueError, "source hash is not 8 bytes");
    return false;
  }
  std::string pyc = MakePycHeader(magic, invalidation,
                                  std::string_view(hash_bytes, hash_len));
  pyc.append(code_bytes, code_len);
  result->pyc = std::move(pyc);
  return true;
}

class EmbeddedCompiler : public Compiler {
 public:
  explicit EmbeddedCompiler(const EmbeddedRuntime* runtime)
      : runtime_(runtime) {}

  const InterpreterInfo& info() const override { return runtime_->info; }

  Result<CompileResult> Compile(const CompileRequest& request) override {
    if (request.optimize < 0 || request.optimize > 2) {
      return InternalError(request.dfile +
                           ": optimize must be 0, 1 or 2, not " +
                           std::to_string(request.optimize));
    }
    CompileResult result;
    if (std::optional<Diagnostic> nul = FindNulByte(request.source)) {
      result.error = std::move(*nul);
      return result;
    }
    GilGuard gil;
    if (!CallGlue(request, &result)) {
      return InternalError(request.dfile + ": embedded Python " +
                           runtime_->info.version +
                           " failed: " + TakePythonError());
    }
    return result;
  }

 private:
  // Runs compile_one and reads its answer; false with a Python exception
  // set when either fails. REQUIRES: the GIL.
  bool CallGlue(const CompileRequest& request, CompileResult* result) {
    PyRef source(PyBytes_FromStringAndSize(request.source.data(),
                                           request.source.size()));
    PyRef dfile(PyUnicode_DecodeUTF8(request.dfile.data(), request.dfile.size(),
                                     "surrogateescape"));
    if (!source || !dfile) return false;
    PyRef hash_source(
        request.hash_source
            ? PyBytes_FromStringAndSize(request.hash_source->data(),
                                        request.hash_source->size())
            : Py_NewRef(Py_None));
    if (!hash_source) return false;
    PyRef answer(PyObject_CallFunction(
        runtime_->compile_one, "OOiiO", source.get(), dfile.get(),
        request.optimize, request.strip_docstrings ? 1 : 0,
        hash_source.get()));
    return answer && ReadAnswer(answer.get(), runtime_->info.magic,
                                request.invalidation, result);
  }

  const EmbeddedRuntime* runtime_;  // process-wide, lives until exit
};

}  // namespace

Result<std::unique_ptr<Compiler>> NewEmbeddedCompiler() {
  Result<const EmbeddedRuntime*> runtime = GetEmbeddedRuntime();
  if (!runtime.ok()) return runtime.status();
  return std::unique_ptr<Compiler>(
      std::make_unique<EmbeddedCompiler>(runtime.value()));
}

}  // namespace pycpack
