// Python.h must come before any standard header (CPython's requirement).
#include "compile/py_ref.h"
//
#include <string>

#include "compile/compile_glue.h"
#include "compile/python_runtime.h"

namespace pycpack {
namespace {

constexpr char kGlueName[] = "<pycpack compile glue>";

// Starts the interpreter with the isolated configuration described in
// python_runtime.h. On success the calling thread holds the GIL.
Status StartInterpreter() {
  PyConfig config;
  PyConfig_InitIsolatedConfig(&config);
  config.site_import = 0;
  config.user_site_directory = 0;
  config.use_environment = 0;
  config.use_hash_seed = 1;
  config.hash_seed = 0;
  config.install_signal_handlers = 0;
  config.write_bytecode = 0;
  config.parse_argv = 0;
  config.configure_c_stdio = 0;
  config.pathconfig_warnings = 0;
  PyStatus status = Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  if (PyStatus_Exception(status)) {
    std::string message = "cannot initialise the embedded Python interpreter";
    if (status.func != nullptr)
      message += std::string(" (") + status.func + ")";
    message += ": ";
    message += status.err_msg != nullptr ? status.err_msg : "unknown error";
    return InternalError(message);
  }
  return Status::Ok();
}

// Runs the glue source into a fresh namespace and returns that namespace.
// REQUIRES: the GIL.
Result<PyRef> LoadGlue() {
  PyRef globals(PyDict_New());
  if (!globals || PyDict_SetItemString(globals.get(), "__builtins__",
                                       PyEval_GetBuiltins()) != 0) {
    return InternalError("embedded Python: " + TakePythonError());
  }
  PyRef code(Py_CompileString(kCompileGlue, kGlueName, Py_file_input));
  if (!code) {
    return InternalError(std::string("embedded Python: compiling ") +
                         kGlueName + ": " + TakePythonError());
  }
  PyRef done(PyEval_EvalCode(code.get(), globals.get(), globals.get()));
  if (!done) {
    return InternalError(std::string("embedded Python: running ") + kGlueName +
                         ": " + TakePythonError());
  }
  return globals;
}

// Fills |info| from the glue's info(). REQUIRES: the GIL.
Status ReadInfo(PyObject* globals, InterpreterInfo* info) {
  PyObject* fn = PyDict_GetItemString(globals, "info");  // borrowed
  PyRef facts(fn != nullptr ? PyObject_CallObject(fn, nullptr) : nullptr);
  const char *impl, *version, *tag, *magic;
  Py_ssize_t impl_len, version_len, tag_len, magic_len;
  if (!facts ||
      !PyArg_ParseTuple(facts.get(), "s#s#iiz#y#", &impl, &impl_len, &version,
                        &version_len, &info->major, &info->minor, &tag,
                        &tag_len, &magic, &magic_len)) {
    return InternalError("embedded Python: reading interpreter facts: " +
                         TakePythonError());
  }
  info->implementation.assign(impl, impl_len);
  info->version.assign(version, version_len);
  info->magic.assign(magic, magic_len);
  if (tag == nullptr) {
    return InternalError("embedded Python " + info->version +
                         ": sys.implementation.cache_tag is None, so it "
                         "cannot load pycs from __pycache__");
  }
  info->cache_tag.assign(tag, tag_len);
  if (info->magic.size() != 4 || info->magic.substr(2) != "\r\n") {
    return InternalError("embedded Python " + info->version +
                         ": MAGIC_NUMBER is not 4 bytes ending in \\r\\n");
  }
  return Status::Ok();
}

// Builds the runtime. REQUIRES: the interpreter is initialised and the
// calling thread holds the GIL.
Result<EmbeddedRuntime> LoadRuntime() {
  Result<PyRef> globals = LoadGlue();
  if (!globals.ok()) return globals.status();
  EmbeddedRuntime runtime;
  PYCPACK_RETURN_IF_ERROR(ReadInfo(globals->get(), &runtime.info));
  PyObject* fn = PyDict_GetItemString(globals->get(), "compile_one");
  if (fn == nullptr || !PyCallable_Check(fn)) {
    return InternalError("embedded Python: the glue defines no compile_one");
  }
  Py_INCREF(fn);  // kept until the process exits, like the interpreter
  runtime.compile_one = fn;
  return runtime;
}

Result<EmbeddedRuntime> Initialise() {
  if (Py_IsInitialized()) {
    // Hosted by a program that runs Python itself: share its interpreter.
    GilGuard gil;
    return LoadRuntime();
  }
  PYCPACK_RETURN_IF_ERROR(StartInterpreter());
  Result<EmbeddedRuntime> runtime = LoadRuntime();
  // Release the GIL for good; the thread state stays valid until exit.
  PyEval_SaveThread();
  return runtime;
}

}  // namespace

Result<const EmbeddedRuntime*> GetEmbeddedRuntime() {
  // Initialised once, thread-safely (a function-local static). The Python
  // reference it holds is never released, as the interpreter is never
  // finalised.
  static const Result<EmbeddedRuntime> runtime = Initialise();
  if (!runtime.ok()) return runtime.status();
  return &runtime.value();
}

std::string TakePythonError() {
#if PY_VERSION_HEX >= 0x030C0000
  PyRef value(PyErr_GetRaisedException());
#else
  PyObject *type = nullptr, *raw = nullptr, *traceback = nullptr;
  PyErr_Fetch(&type, &raw, &traceback);
  PyErr_NormalizeException(&type, &raw, &traceback);
  PyRef type_ref(type), traceback_ref(traceback), value(raw);
#endif
  if (!value) return "unknown Python error";
  std::string text = Py_TYPE(value.get())->tp_name;
  PyRef str(PyObject_Str(value.get()));
  Py_ssize_t size = 0;
  const char* utf8 = str ? PyUnicode_AsUTF8AndSize(str.get(), &size) : nullptr;
  if (utf8 != nullptr && size > 0) text += ": " + std::string(utf8, size);
  PyErr_Clear();
  return text;
}

}  // namespace pycpack
