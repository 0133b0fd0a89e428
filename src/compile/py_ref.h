// An owned reference to a Python object, released when it goes out of scope.
// Only for use inside src/compile, where Python.h is available.
// REQUIRES: the calling thread holds the GIL for the whole lifetime of every
// PyRef that is not null (construct and destroy them inside a GilGuard).
#ifndef PYCPACK_COMPILE_PY_REF_H_
#define PYCPACK_COMPILE_PY_REF_H_

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <utility>

namespace pycpack {

class PyRef {
 public:
  PyRef() = default;
  // Takes ownership of |obj| (a new reference, or null).
  explicit PyRef(PyObject* obj) : obj_(obj) {}
  ~PyRef() { Py_XDECREF(obj_); }

  PyRef(PyRef&& other) noexcept : obj_(std::exchange(other.obj_, nullptr)) {}
  PyRef& operator=(PyRef&& other) noexcept {
    if (this != &other) {
      Py_XDECREF(obj_);
      obj_ = std::exchange(other.obj_, nullptr);
    }
    return *this;
  }
  PyRef(const PyRef&) = delete;
  PyRef& operator=(const PyRef&) = delete;

  PyObject* get() const { return obj_; }
  explicit operator bool() const { return obj_ != nullptr; }
  // Gives up ownership; the caller now owns the reference.
  PyObject* release() { return std::exchange(obj_, nullptr); }

 private:
  PyObject* obj_ = nullptr;
};

// Holds the GIL for its lifetime; usable from any thread, nested or not.
// REQUIRES: the interpreter is initialised.
class GilGuard {
 public:
  GilGuard() : state_(PyGILState_Ensure()) {}
  ~GilGuard() { PyGILState_Release(state_); }
  GilGuard(const GilGuard&) = delete;
  GilGuard& operator=(const GilGuard&) = delete;

 private:
  PyGILState_STATE state_;
};

}  // namespace pycpack

#endif  // PYCPACK_COMPILE_PY_REF_H_
