#include "precompile/precompile_args.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace pycpack {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Result<Invalidation> ParseInvalidation(const std::string& v) {
  const std::string m = Lower(v);
  if (m == "checked_hash") return Invalidation::kCheckedHash;
  if (m == "unchecked_hash") return Invalidation::kUncheckedHash;
  if (m == "timestamp") {
    return UsageError(
        "--invalidation_mode TIMESTAMP is refused: a timestamp pyc records the "
        "source's modification time and size, which Bazel neither preserves nor "
        "declares, so the output would depend on when the tree was checked out; "
        "use CHECKED_HASH or UNCHECKED_HASH");
  }
  return UsageError("--invalidation_mode: unknown mode \"" + v +
                    "\" (expected CHECKED_HASH or UNCHECKED_HASH)");
}

Result<int> ParseInt(const std::string& flag, const std::string& v, int lo, int hi) {
  try {
    size_t used = 0;
    int n = std::stoi(v, &used);
    if (used == v.size() && n >= lo && n <= hi) return n;
  } catch (const std::exception&) {
  }
  return UsageError(flag + ": expected an integer from " + std::to_string(lo) + " to " +
                    std::to_string(hi) + ", got \"" + v + "\"");
}

// Splits "--flag=value"; returns the flag and sets |*inline_value|.
std::string SplitFlag(const std::string& arg, std::optional<std::string>* inline_value) {
  size_t eq = arg.find('=');
  if (arg.rfind("--", 0) != 0 || eq == std::string::npos) return arg;
  *inline_value = arg.substr(eq + 1);
  return arg.substr(0, eq);
}

struct Lists {
  std::vector<std::string> srcs, names, pycs;
};

Status Apply(const std::string& flag, const std::string& v, PrecompileArgs* a, Lists* l) {
  if (flag == "--src") {
    l->srcs.push_back(v);
  } else if (flag == "--src_name" || flag == "--src-name") {
    l->names.push_back(v);
  } else if (flag == "--pyc") {
    l->pycs.push_back(v);
  } else if (flag == "--invalidation_mode") {
    Result<Invalidation> m = ParseInvalidation(v);
    if (!m.ok()) return m.status();
    a->invalidation = *m;
  } else if (flag == "--optimize") {
    Result<int> n = ParseInt(flag, v, -1, 2);
    if (!n.ok()) return n.status();
    a->levels.push_back(std::max(*n, 0));
  } else if (flag == "--python_version") {
    a->python_version = v;
  } else if (flag == "--interpreter") {
    size_t eq = v.find('=');
    if (eq == 0 || eq == std::string::npos || eq + 1 == v.size()) {
      return UsageError("--interpreter: expected X.Y=PATH, got \"" + v + "\"");
    }
    a->interpreters[v.substr(0, eq)] = v.substr(eq + 1);
  } else if (flag == "-j" || flag == "--jobs") {
    Result<int> n = ParseInt(flag, v, 0, 1024);
    if (!n.ok()) return n.status();
    a->jobs = *n;
  } else if (flag == "--log_level") {
    a->log_level = v;
  } else if (flag == "--worker_impl") {
    a->worker_impl = v;
  } else {
    return UsageError("unknown argument \"" + flag + "\" (see 'pycpack precompile --help')");
  }
  return Status::Ok();
}

bool TakesValue(const std::string& flag) {
  return flag != "--persistent_worker" && flag != "--strip_docstrings";
}

Status Pair(const Lists& l, bool allow_no_files, PrecompileArgs* a) {
  if (a->levels.empty()) a->levels.push_back(0);
  if (l.srcs.empty()) {
    if (allow_no_files && l.names.empty() && l.pycs.empty()) return Status::Ok();
    return UsageError("no --src given (see 'pycpack precompile --help')");
  }
  if (!l.names.empty() && l.names.size() != l.srcs.size()) {
    return UsageError(std::to_string(l.srcs.size()) + " --src but " +
                      std::to_string(l.names.size()) + " --src_name (give one per --src, or none)");
  }
  if (l.pycs.size() != l.srcs.size() * a->levels.size()) {
    return UsageError(std::to_string(l.srcs.size()) + " --src and " +
                      std::to_string(a->levels.size()) + " --optimize level(s) need " +
                      std::to_string(l.srcs.size() * a->levels.size()) + " --pyc, got " +
                      std::to_string(l.pycs.size()));
  }
  const size_t n = a->levels.size();
  for (size_t i = 0; i < l.srcs.size(); ++i) {
    PrecompileFile f{l.srcs[i], l.names.empty() ? l.srcs[i] : l.names[i], {}};
    f.pycs.assign(l.pycs.begin() + i * n, l.pycs.begin() + (i + 1) * n);
    a->files.push_back(std::move(f));
  }
  return Status::Ok();
}

}  // namespace

Result<PrecompileArgs> ParsePrecompileArgs(const std::vector<std::string>& raw,
                                           const ReadParamsFn& read_params,
                                           bool allow_no_files) {
  Result<std::vector<std::string>> expanded = ExpandParamsFiles(raw, read_params);
  if (!expanded.ok()) return expanded.status();
  const std::vector<std::string>& args = *expanded;
  PrecompileArgs a;
  Lists lists;
  for (size_t i = 0; i < args.size(); ++i) {
    std::optional<std::string> value;
    const std::string flag = SplitFlag(args[i], &value);
    if (flag == "--persistent_worker") {
      a.persistent_worker = true;
    } else if (flag == "--strip_docstrings") {
      a.strip_docstrings = true;
    } else if (!value && TakesValue(flag) && i + 1 >= args.size()) {
      return UsageError(flag.rfind("-", 0) == 0 ? flag + " needs a value"
                                                : "unknown argument \"" + flag + "\"");
    } else {
      if (flag.rfind("-", 0) != 0) {
        return UsageError("unknown argument \"" + flag + "\" (see 'pycpack precompile --help')");
      }
      PYCPACK_RETURN_IF_ERROR(Apply(flag, value ? *value : args[++i], &a, &lists));
    }
  }
  PYCPACK_RETURN_IF_ERROR(Pair(lists, allow_no_files, &a));
  return a;
}

std::string PrecompileHelp() {
  return R"(Usage: pycpack precompile [OPTIONS] [@PARAMS]
       pycpack precompile --persistent_worker [-j N] [--interpreter X.Y=PATH...]

Compiles single files to canonical pycs, with the interface of rules_python's
precompiler (tools/precompiler/precompiler.py), so that pycpack can be the
precompiler of a py_exec_tools_toolchain, and as a Bazel persistent worker
(JSON protocol, singleplex and multiplex). See docs/bazel.md.

Options (rules_python's):
  --src PATH              a source to compile (repeat; pairs with --src_name and --pyc)
  --src_name NAME         the path recorded as co_filename (default: --src)
  --pyc PATH              where the pyc goes; with several --optimize levels,
                          one --pyc per level for each --src, in that order
  --invalidation_mode M   CHECKED_HASH (default) or UNCHECKED_HASH; TIMESTAMP
                          is refused (it records the source's mtime)
  --optimize N            0, 1 or 2 (-1 means 0); repeat for several levels
  --python_version X.Y    compile for this CPython (default: the embedded one)
  --persistent_worker     serve Bazel WorkRequests (JSON) on stdin
  --log_level L, --worker_impl I   accepted, ignored
Options (pycpack's):
  --strip_docstrings      drop docstrings, keep asserts
  --interpreter X.Y=PATH  compile for X.Y with that Python program (repeat)
  -j, --jobs N            worker: requests compiled at once (default: cores)
  @PARAMS                 read arguments from a file, one per line

Exit status: 0 written; 1 a source did not compile (file:line:col on stderr,
no pyc written) or an I/O error; 2 bad usage or no interpreter for
--python_version.
)";
}

}  // namespace pycpack
