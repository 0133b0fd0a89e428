// The command line of `pycpack precompile`: rules_python's precompiler
// interface (tools/precompiler/precompiler.py), so that pycpack can be a
// py_exec_tools_toolchain's precompiler, plus a few options of our own.
// docs/bazel.md lists them all.
#ifndef PYCPACK_PRECOMPILE_PRECOMPILE_ARGS_H_
#define PYCPACK_PRECOMPILE_PRECOMPILE_ARGS_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "pycpack/compiler.h"
#include "pycpack/status.h"
#include "util/params_file.h"

namespace pycpack {

struct PrecompileFile {
  std::string src;               // --src: the source to read
  std::string src_name;          // --src_name: co_filename ("" = src)
  std::vector<std::string> pycs;  // --pyc: one per optimisation level
};

struct PrecompileArgs {
  Invalidation invalidation = Invalidation::kCheckedHash;
  // --optimize, in the order given; each file gets one pyc per level.
  // rules_python's -1 ("the interpreter's own level") means 0.
  std::vector<int> levels;
  std::string python_version;  // --python_version "3.12"; "" = embedded
  bool strip_docstrings = false;  // --strip_docstrings (ours)
  std::vector<PrecompileFile> files;
  // --interpreter X.Y=PATH (ours): the program that compiles for X.Y.
  std::map<std::string, std::string> interpreters;
  bool persistent_worker = false;
  int jobs = 0;  // -j/--jobs (ours): requests served at once; 0 = cores
  std::string log_level;    // accepted for rules_python; unused
  std::string worker_impl;  // accepted for rules_python; unused
};

// Parses |args| (without the program and subcommand names). An argument
// "@path" is replaced by the lines of that file (Bazel's "multiline"
// format: one argument per line; a '\r' before the newline is dropped).
// Values may be given as "--flag value" or "--flag=value". Fails with a
// UsageError naming the argument: an unknown flag, a missing value,
// TIMESTAMP invalidation, a level other than -1..2, --src/--src_name/--pyc
// counts that do not pair up, or no --src at all (unless
// |allow_no_files|, for the worker's start-up line).
Result<PrecompileArgs> ParsePrecompileArgs(const std::vector<std::string>& args,
                                           const ReadParamsFn& read_params,
                                           bool allow_no_files);

// The text of `pycpack precompile --help`.
std::string PrecompileHelp();

}  // namespace pycpack

#endif  // PYCPACK_PRECOMPILE_PRECOMPILE_ARGS_H_
