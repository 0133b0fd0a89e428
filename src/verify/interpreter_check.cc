#include "verify/interpreter_check.h"

#include <nlohmann/json.hpp>

#include "verify/check_program.h"
#include "util/subprocess.h"

namespace pycpack {
namespace {

using nlohmann::json;

std::string StringOr(const json& j, const char* key) {
  const json& v = j.at(key);
  return v.is_null() ? std::string() : v.get<std::string>();
}

InterpreterResult FromJson(const json& j) {
  InterpreterResult r;
  const json& interp = j.at("interpreter");
  r.executable = StringOr(interp, "executable");
  r.implementation = StringOr(interp, "implementation");
  r.version = StringOr(interp, "version");
  r.cache_tag = StringOr(interp, "cache_tag");
  r.magic = StringOr(interp, "magic");
  r.optimize = j.at("optimize").get<std::vector<int>>();
  const json& counts = j.at("counts");
  r.sources = counts.at("sources").get<size_t>();
  r.pycs = counts.at("pycs").get<size_t>();
  r.ok = counts.at("ok").get<size_t>();
  for (const json& f : j.at("findings")) {
    r.findings.push_back({StringOr(f, "path"), StringOr(f, "pyc"),
                          StringOr(f, "kind"), StringOr(f, "message"), ""});
  }
  for (const json& n : j.at("info")) {
    r.info.push_back({StringOr(n, "path"), StringOr(n, "message")});
  }
  if (j.contains("kept")) r.kept = j.at("kept").get<std::vector<std::string>>();
  return r;
}

}  // namespace

std::string LastLine(std::string_view text) {
  size_t end = text.find_last_not_of("\r\n \t");
  if (end == std::string_view::npos) return "";
  size_t start = text.rfind('\n', end);
  start = start == std::string_view::npos ? 0 : start + 1;
  return std::string(text.substr(start, end + 1 - start));
}

Result<InterpreterResult> ParseCheckOutput(std::string_view text) {
  try {
    return FromJson(json::parse(text));
  } catch (const json::exception& e) {
    return InternalError(std::string("unexpected check result: ") + e.what());
  }
}

Result<InterpreterResult> CheckWithInterpreter(const std::string& python,
                                               const std::string& root,
                                               const CheckOptions& options) {
  json opts = {{"optimize", options.optimize.empty()
                                ? json(nullptr)
                                : json(options.optimize)}};
  ProcessSpec spec;
  spec.argv = {python, "-I", "-S", "-B", "-c", CheckProgram(), root, opts.dump()};
  spec.env = EnvironmentWithoutPython({});
  spec.timeout_seconds = options.timeout_seconds;
  Result<ProcessResult> out = RunProcess(spec);
  const std::string what = "interpreter '" + python + "'";
  if (!out.ok()) return out.status();
  if (out->exit_code != 0) {
    std::string last = LastLine(out->err);
    return IoError(what + " " + DescribeExit(*out) +
                   (last.empty() ? "" : ": " + last));
  }
  Result<InterpreterResult> r = ParseCheckOutput(out->out);
  if (!r.ok()) return IoError(what + ": " + r.status().message());
  r->python = python;
  return r;
}

}  // namespace pycpack
