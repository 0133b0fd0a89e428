#include "verify/import_check.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "fs/scratch_dir.h"
#include "util/paths.h"
#include "verify/check_program.h"
#include "verify/interpreter_check.h"
#include "util/subprocess.h"
#include "verify/tree.h"

namespace pycpack {
namespace {

constexpr std::string_view kCodeFrom = "# code object from ";

// The text of a Python str repr ('...' or "..."), for the escapes a path
// normally needs.
std::string Unrepr(std::string_view repr) {
  std::string out;
  std::string_view body = repr.substr(1, repr.size() >= 2 ? repr.size() - 2 : 0);
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\' && i + 1 < body.size()) ++i;
    out += body[i];
  }
  return out;
}

std::string StringOr(const nlohmann::json& j, const char* key) {
  const nlohmann::json& v = j.at(key);
  return v.is_null() ? std::string() : v.get<std::string>();
}

// Runs one import of |module| and records it in |result|.
Status ImportOne(const std::string& python, const std::string& root,
                 const std::string& module,
                 int timeout_seconds, InterpreterResult* result) {
  ProcessSpec spec;
  spec.argv = {python, "-I", "-B", "-v", "-c", kImportProgram, root, module};
  spec.env = EnvironmentWithoutPython({"PYTHONDONTWRITEBYTECODE=1"});
  spec.timeout_seconds = timeout_seconds;
  Result<ProcessResult> out = RunProcess(spec);
  if (!out.ok()) return out.status();
  Result<ImportResult> imp = ParseImportOutput(out->out);
  if (!imp.ok()) {
    // The interpreter died before it could report (a crash, os._exit...).
    imp = ImportResult{module, "", "interpreter " + DescribeExit(*out) +
                                       ": " + LastLine(out->err)};
  }
  auto add = [&](std::string path, std::string kind, std::string message) {
    result->findings.push_back(
        {std::move(path), "", std::move(kind), std::move(message), module});
  };
  for (const CodeObjectLoad& load : ParseVerboseLog(out->err)) {
    if (!IsWithin(load.path, root)) continue;
    if (load.from_bytecode) {
      ++imp->from_bytecode;
    } else {
      ++imp->from_source;
      std::string rel = RelativeTo(load.path, root);
      if (std::find(result->kept.begin(), result->kept.end(), rel) != result->kept.end()) {
        continue;  // kept as source on purpose by the build
      }
      add(std::move(rel), "compiled-from-source",
          "compiled from source at import time: no valid pyc for this "
          "interpreter");
    }
  }
  if (!imp->error.empty()) {
    add("", "import-error", imp->error);
  } else if (!imp->file.empty() && !IsWithin(imp->file, root)) {
    add("", "not-from-artifact", "imported from " + imp->file +
                                     ", not from the artifact");
  }
  if (IsWithin(imp->file, root)) imp->file = RelativeTo(imp->file, root);
  result->imports.push_back(std::move(imp).value());
  return Status::Ok();
}

}  // namespace

std::vector<CodeObjectLoad> ParseVerboseLog(std::string_view log) {
  std::vector<CodeObjectLoad> loads;
  size_t pos = 0;
  while (pos < log.size()) {
    size_t end = log.find('\n', pos);
    if (end == std::string_view::npos) end = log.size();
    std::string_view line = log.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.substr(0, kCodeFrom.size()) != kCodeFrom) continue;
    std::string_view rest = line.substr(kCodeFrom.size());
    bool quoted = rest.size() >= 2 && (rest[0] == '\'' || rest[0] == '"') &&
                  rest.back() == rest[0];
    loads.push_back({quoted ? Unrepr(rest) : std::string(rest), quoted});
  }
  return loads;
}

Result<ImportResult> ParseImportOutput(std::string_view out) {
  const std::string marker = kImportMarker;
  size_t at = out.rfind("\n" + marker);
  if (at == std::string_view::npos) {
    return InternalError("no result line from the import");
  }
  std::string_view line = out.substr(at + 1 + marker.size());
  line = line.substr(0, line.find('\n'));
  try {
    nlohmann::json j = nlohmann::json::parse(line);
    return ImportResult{StringOr(j, "module"), StringOr(j, "file"),
                        StringOr(j, "error")};
  } catch (const nlohmann::json::exception& e) {
    return InternalError(std::string("unexpected import result: ") + e.what());
  }
}

Status CheckImports(const std::string& python, const std::string& root,
                    const std::vector<std::string>& modules,
                    int timeout_seconds, InterpreterResult* result) {
  Result<std::unique_ptr<ScratchDir>> scratch =
      ScratchDir::Create("pycpack-verify-import-");
  if (!scratch.ok()) return scratch.status();
  const std::string copy = (*scratch)->path() + "/tree";
  PYCPACK_RETURN_IF_ERROR(CopyTree(root, copy));
  PYCPACK_RETURN_IF_ERROR(SetTreeWritable(copy, false));
  Result<TreeListing> before = ListTree(copy);
  if (!before.ok()) return before.status();
  for (const std::string& module : modules) {
    PYCPACK_RETURN_IF_ERROR(
        ImportOne(python, copy, module, timeout_seconds, result));
  }
  Result<TreeListing> after = ListTree(copy);
  if (!after.ok()) return after.status();
  for (const TreeChange& c : TreeChanges(*before, *after)) {
    result->findings.push_back(
        {c.path, "", "wrote-file",
         std::string(c.what) + " while importing from the read-only copy", ""});
  }
  return Status::Ok();
}

}  // namespace pycpack
