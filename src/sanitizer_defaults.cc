// Built into pycpack only with -DPYCPACK_SANITIZE=ON. The embedded CPython
// is initialised once and never finalised (src/compile/python_runtime.h):
// its allocations live until the process exits, by design. These are
// LeakSanitizer's suppressions for them, built in so that every run of the
// sanitized binary has them, also where the environment (LSAN_OPTIONS) is
// not passed on, as in Bazel's actions. tests/sanitizer/lsan.supp holds
// the same list for the test binaries.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libpython3\n"
         "leak:_PyObject_\n"
         "leak:PyUnicode_\n";
}

// The suppressed leaks are expected: say nothing about them.
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
