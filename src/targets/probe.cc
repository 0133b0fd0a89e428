#include <cstdio>
#include <utility>

#include <nlohmann/json.hpp>

#include "marshal/layout.h"
#include "targets/foreign_program.h"
#include "targets/target.h"
#include "util/subprocess.h"

namespace pycpack {
namespace {

constexpr int kProbeTimeoutSeconds = 60;

std::string Describe(const TargetSpec& spec) {
  std::string where = spec.json_path.empty() ? "" : " (" + spec.json_path + ")";
  return "target \"" + spec.name + "\"" + where;
}

std::string LastLine(const std::string& text) {
  size_t end = text.find_last_not_of("\r\n \t");
  if (end == std::string::npos) return "";
  size_t start = text.rfind('\n', end);
  start = start == std::string::npos ? 0 : start + 1;
  return text.substr(start, end + 1 - start);
}

Status ReadProbe(const std::string& out, InterpreterInfo* info,
                 bool* hash_based) {
  nlohmann::json doc = nlohmann::json::parse(out, nullptr, false);
  if (!doc.is_object()) return InternalError("the probe printed no JSON object");
  try {
    info->implementation = doc.at("implementation").get<std::string>();
    info->version = doc.at("version").get<std::string>();
    info->major = doc.at("major").get<int>();
    info->minor = doc.at("minor").get<int>();
    info->cache_tag = doc.at("cache_tag").is_null()
                          ? std::string()
                          : doc.at("cache_tag").get<std::string>();
    std::string hex = doc.at("magic").get<std::string>();
    info->magic.clear();
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
      info->magic += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    info->executable = doc.at("executable").get<std::string>();
    *hash_based = doc.at("source_hash").get<bool>() &&
                  doc.at("hash_based_pycs").get<bool>();
  } catch (const std::exception& e) {
    return InternalError(std::string("unexpected probe answer: ") + e.what());
  }
  return Status::Ok();
}

// The uint16 at the start of a pyc for |info|; 0 when its magic is not
// four bytes ending in "\r\n".
uint16_t MagicNumber(const InterpreterInfo& info) {
  if (info.magic.size() != 4 || info.magic.substr(2) != "\r\n") return 0;
  return static_cast<uint8_t>(info.magic[0]) |
         static_cast<uint16_t>(static_cast<uint8_t>(info.magic[1]) << 8);
}

// True if |info| is a CPython newer than every layout pycpack knows: a
// Python 3 whose magic number is above the newest known, or whose
// major.minor is above the newest known version (a pre-release that has
// not changed the magic yet).
bool NewerThanKnown(const InterpreterInfo& info) {
  if (info.major == 3 && MagicNumber(info) > marshal::NewestKnownMagic()) return true;
  int major = 0, minor = 0;
  std::sscanf(marshal::AllCodeLayouts().back().python, "%d.%d", &major, &minor);
  return std::make_pair(info.major, info.minor) > std::make_pair(major, minor);
}

// Runs the probe with |program| and reads its answer into |t|->info;
// |hash_based| tells whether it can make PEP 552 pycs. Errors are messages
// to follow the target's description.
Status RunProbe(const std::string& program, const std::vector<std::string>& argv,
                Target* t, bool* hash_based) {
  std::vector<std::string> probe = argv;
  probe.push_back("probe");
  Result<ProcessResult> run = RunProcess({probe, t->worker_env, "", kProbeTimeoutSeconds});
  if (!run.ok()) return run.status();
  if (run->exit_code != 0) {
    std::string why = LastLine(run->err);
    return InternalError("'" + program +
                         "' is not a Python pycpack can compile with (" +
                         (why.empty() ? "exit status " + std::to_string(run->exit_code)
                                      : why) +
                         ")");
  }
  Status read = ReadProbe(run->out, &t->info, hash_based);
  if (!read.ok()) return InternalError("'" + program + "': " + read.message());
  return Status::Ok();
}

}  // namespace

std::string TargetLabel(const InterpreterInfo& info) {
  std::string impl = info.implementation == "cpython" ? "CPython"
                     : info.implementation == "pypy"  ? "PyPy"
                                                      : info.implementation;
  return impl + " " + std::to_string(info.major) + "." + std::to_string(info.minor);
}

std::string UnsupportedReason(const InterpreterInfo& info, bool hash_based) {
  if (info.implementation != "cpython") {
    return "is not supported: pycpack writes CPython bytecode in its canonical "
           "marshal form, and this interpreter has a bytecode and marshal format "
           "of its own (cache tag " +
           (info.cache_tag.empty() ? std::string("none") : info.cache_tag) + ")";
  }
  if (NewerThanKnown(info)) {
    return "is newer than this pycpack supports (" +
           marshal::SupportedPythonRange() + ")";
  }
  if (MagicNumber(info) == 0 || info.cache_tag.empty() || !hash_based) {
    return "cannot write hash-based pycs with a cache tag";
  }
  Result<const marshal::CodeLayout*> layout =
      marshal::CodeLayoutForMagic(MagicNumber(info));
  if (!layout.ok()) return "is not supported: " + layout.status().message();
  return "";
}

Result<Target> ProbeTarget(const TargetSpec& spec, const InterpreterInfo& embedded,
                           const std::string& cwd) {
  Target t;
  t.name = spec.name;
  if (spec.python.empty()) {
    t.embedded = true;
    t.info = embedded;
    t.worker_argv = {"/proc/self/exe", "__worker"};
    return t;
  }
  std::optional<std::string> program = FindProgram(spec.python, cwd);
  if (!program) {
    return UsageError(Describe(spec) + ": no interpreter '" + spec.python +
                      "' (not an executable file" +
                      (spec.python.find('/') == std::string::npos ? " in $PATH" : "") +
                      ")");
  }
  // Foreign workers see our environment minus everything that changes how
  // Python starts (PYTHONPATH, PYTHONSTARTUP, ...), plus a fixed hash seed.
  t.worker_env = EnvironmentWithoutPython({"PYTHONHASHSEED=0"});
  std::vector<std::string> argv = {*program, "-S", "-s", "-B", "-c",
                                   ForeignWorkerProgram()};
  bool hash_based = false;
  Status probed = RunProbe(*program, argv, &t, &hash_based);
  if (!probed.ok()) return UsageError(Describe(spec) + ": " + probed.message());
  std::string reason = UnsupportedReason(t.info, hash_based);
  if (!reason.empty()) {
    return UsageError(Describe(spec) + ": " + TargetLabel(t.info) + " (" +
                      t.info.version + ", '" + *program + "') " + reason);
  }
  argv.push_back("serve");
  t.worker_argv = std::move(argv);
  return t;
}

Status CheckDistinctCacheTags(const std::vector<Target>& targets) {
  for (size_t i = 0; i < targets.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (targets[i].info.cache_tag == targets[j].info.cache_tag) {
        return UsageError("targets \"" + targets[j].name + "\" and \"" +
                          targets[i].name + "\" have the same cache tag " +
                          targets[i].info.cache_tag +
                          " (their pycs would have the same names); keep one");
      }
    }
  }
  return Status::Ok();
}

}  // namespace pycpack
