"""pycpack's Bazel rules (docs/bazel.md).

    load("@pycpack//bazel:defs.bzl", "pycpack_library", "pycpack_package",
         "pycpack_pycs", "pycpack_precompiler")
"""

load("//bazel/private:library.bzl", _PycpackLibraryInfo = "PycpackLibraryInfo", _pycpack_library = "pycpack_library")
load("//bazel/private:package.bzl", _pycpack_package = "pycpack_package")
load("//bazel/private:precompiler.bzl", _pycpack_precompiler = "pycpack_precompiler")
load("//bazel/private:pycs.bzl", _pycpack_pycs = "pycpack_pycs")

PycpackLibraryInfo = _PycpackLibraryInfo
pycpack_library = _pycpack_library
pycpack_package = _pycpack_package
pycpack_pycs = _pycpack_pycs
pycpack_precompiler = _pycpack_precompiler
