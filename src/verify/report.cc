#include "verify/report.h"

#include <nlohmann/json.hpp>

namespace pycpack {
namespace {

using nlohmann::json;

json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json FindingJson(const Finding& f) {
  return {{"path", OrNull(f.path)}, {"pyc", OrNull(f.pyc)},
          {"kind", f.kind},         {"message", f.message},
          {"module", OrNull(f.module)}};
}

json InterpreterJson(const InterpreterResult& r) {
  json j = {{"python", r.python},
            {"executable", r.executable},
            {"implementation", r.implementation},
            {"version", r.version},
            {"cache_tag", OrNull(r.cache_tag)},
            {"magic", r.magic},
            {"optimize", r.optimize},
            {"counts", {{"sources", r.sources}, {"pycs", r.pycs},
                        {"ok", r.ok}, {"findings", r.findings.size()}}}};
  j["findings"] = json::array();
  for (const Finding& f : r.findings) j["findings"].push_back(FindingJson(f));
  j["info"] = json::array();
  for (const InfoNote& n : r.info) {
    j["info"].push_back({{"path", n.path}, {"message", n.message}});
  }
  j["kept"] = r.kept;
  j["imports"] = json::array();
  for (const ImportResult& i : r.imports) {
    j["imports"].push_back({{"module", i.module},
                            {"file", OrNull(i.file)},
                            {"error", OrNull(i.error)},
                            {"from_bytecode", i.from_bytecode},
                            {"from_source", i.from_source}});
  }
  return j;
}

// "1 finding", "2 findings".
std::string Count(size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

const char* StatusName(const VerifyReport& r) {
  if (!r.status.ok()) return "error";
  return r.findings() ? "findings" : "ok";
}

}  // namespace

size_t VerifyReport::findings() const {
  size_t n = 0;
  for (const InterpreterResult& r : interpreters) n += r.findings.size();
  return n;
}

int VerifyReport::ExitCode() const {
  if (!status.ok()) return status.ExitCode();
  return findings() ? 1 : 0;
}

std::string VerifyReportJson(const VerifyReport& r, const std::string& version) {
  json j;
  j["pycpack_version"] = version;
  j["status"] = StatusName(r);
  j["exit_code"] = r.ExitCode();
  j["error"] = r.status.ok() ? json(nullptr) : json(r.status.message());
  j["artifact"] = r.artifact;
  j["root"] = r.root;
  j["interpreters"] = json::array();
  for (const InterpreterResult& i : r.interpreters) {
    j["interpreters"].push_back(InterpreterJson(i));
  }
  j["summary"] = {{"interpreters", r.interpreters.size()},
                  {"findings", r.findings()}};
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void PrintVerifyReport(const VerifyReport& r, std::ostream& out) {
  for (const InterpreterResult& i : r.interpreters) {
    for (const Finding& f : i.findings) {
      out << i.python << ": "
          << (f.module.empty() ? "" : "import " + f.module + ": ")
          << (f.path.empty() ? "" : f.path + ": ") << f.kind << ": "
          << f.message;
      if (!f.pyc.empty() && f.pyc != f.path) out << " (" << f.pyc << ")";
      out << '\n';
    }
    for (const InfoNote& n : i.info) {
      out << i.python << ": info: " << n.path << ": " << n.message << '\n';
    }
  }
  for (const InterpreterResult& i : r.interpreters) {
    out << i.python << " (" << i.implementation << ' ' << i.version << ", "
        << (i.cache_tag.empty() ? "no cache tag" : i.cache_tag)
        << ", optimize";
    for (int level : i.optimize) out << ' ' << level;
    out << "): " << i.sources << " sources, " << i.pycs << " pycs checked, "
        << i.ok << " ok, " << Count(i.findings.size(), "finding");
    if (!i.imports.empty()) {
      size_t imported = 0;
      for (const ImportResult& m : i.imports) imported += m.error.empty();
      out << "; " << imported << " of " << i.imports.size() << " imports done";
    }
    out << '\n';
  }
  out << "pycpack: " << r.artifact << ": "
      << (r.findings() ? Count(r.findings(), "finding") : "no findings")
      << '\n';
}

}  // namespace pycpack
