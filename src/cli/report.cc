#include "cli/report.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "util/hex.h"
#include "util/human_bytes.h"
#include "util/paths.h"

namespace pycpack {
namespace {


}  // namespace


std::string BuildReportJson(const BuildReport& r) {
  using nlohmann::json;
  json j;
  j["pycpack_version"] = PycpackVersion();
  j["status"] = r.status.ok() ? "ok" : "error";
  j["exit_code"] = r.status.ExitCode();
  j["error"] = r.status.ok() ? json(nullptr) : json(r.status.message());
  if (r.interpreter) {
    j["interpreter"] = {{"implementation", r.interpreter->implementation},
                        {"version", r.interpreter->version},
                        {"cache_tag", r.interpreter->cache_tag},
                        {"magic", HexEncode(r.interpreter->magic)}};
  } else {
    j["interpreter"] = nullptr;
  }
  j["targets"] = json::array();
  for (const Target& t : r.targets) {
    j["targets"].push_back({{"name", t.name},
                            {"embedded", t.embedded},
                            {"implementation", t.info.implementation},
                            {"version", t.info.version},
                            {"cache_tag", t.info.cache_tag},
                            {"magic", HexEncode(t.info.magic)},
                            {"executable", t.embedded ? json(nullptr)
                                                      : json(t.info.executable)}});
  }
  j["outputs"] = json::array();
  for (const OutputReport& o : r.outputs) {
    j["outputs"].push_back({{"path", o.path},
                            {"format", FormatName(o.format)},
                            {"entries", o.entries},
                            {"bytes", o.bytes},
                            {"unpacked_bytes", o.unpacked_bytes},
                            {"max_unpacked_size", o.max_unpacked_size
                                                      ? json(*o.max_unpacked_size)
                                                      : json(nullptr)},
                            {"sha256", o.sha256 ? json(*o.sha256) : json(nullptr)}});
    if (o.diff_id) {
      j["outputs"].back()["diff_id"] = *o.diff_id;
      j["outputs"].back()["digest"] = *o.digest;
    }
  }
  j["summary"] = {{"libraries", r.libraries}, {"files", r.files},
                  {"sources", r.sources},     {"compiled", r.compiled},
                  {"cached", r.cached},         {"syntax_checks", r.syntax_checks},
                  {"copied", r.copied},       {"source_bytes", r.source_bytes},
                  {"pyc_bytes", r.pyc_bytes}, {"seconds", r.seconds}};
  if (r.cache_dir.empty()) {
    j["cache"] = nullptr;
  } else {
    j["cache"] = {{"dir", r.cache_dir},
                  {"hits", r.cache.hits},
                  {"misses", r.cache.misses},
                  {"corrupt", r.cache.corrupt},
                  {"stores", r.cache.stores},
                  {"store_errors", r.cache.store_errors}};
  }
  j["warnings"] = r.warnings;
  j["diagnostics"] = json::array();
  for (const DiagnosticReport& d : r.diagnostics) {
    j["diagnostics"].push_back({{"path", d.path},
                                {"line", d.diagnostic.line},
                                {"col", d.diagnostic.col},
                                {"kind", d.diagnostic.kind},
                                {"message", d.diagnostic.message},
                                {"severity", d.error ? "error" : "warning"},
                                {"target", d.target.empty() ? json(nullptr)
                                                            : json(d.target)}});
  }
  j["kept_sources"] = json::array();
  for (const KeptSourceReport& k : r.kept_sources) {
    j["kept_sources"].push_back({{"path", k.path},
                                 {"line", k.error.line},
                                 {"col", k.error.col},
                                 {"kind", k.error.kind},
                                 {"message", k.error.message},
                                 {"targets", k.targets}});
  }
  // Invalid UTF-8 in a path or message is replaced, never thrown.
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void PrintBuildSummary(const BuildReport& r, const std::string& cwd,
                       std::ostream& out) {
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.2f s", r.seconds);
  out << "pycpack: " << r.files << " files from " << r.libraries
      << (r.libraries == 1 ? " library" : " libraries") << ": " << r.sources
      << " sources (" << HumanBytes(r.source_bytes) << ") -> "
      << r.compiled + r.cached << " pycs (" << HumanBytes(r.pyc_bytes) << "; "
      << r.compiled << " compiled, " << r.cached << " from cache), ";
  if (r.syntax_checks > 0) out << r.syntax_checks << " syntax checks, ";
  if (!r.kept_sources.empty()) {
    out << r.kept_sources.size() << " kept as source (do not compile), ";
  }
  out << r.copied << " other files, in " << secs << '\n';
  if (r.targets.size() > 1 || (r.targets.size() == 1 && !r.targets[0].embedded)) {
    out << "  targets:";
    for (const Target& t : r.targets) {
      out << ' ' << t.name << " (" << t.info.implementation << ' '
          << t.info.version << ", " << t.info.cache_tag << ')';
    }
    out << '\n';
  }
  for (const OutputReport& o : r.outputs) {
    std::string shown = IsWithin(o.path, cwd) && o.path != cwd
                            ? RelativeTo(o.path, cwd)
                            : o.path;
    out << "  wrote " << shown << " (" << FormatName(o.format) << ", "
        << o.entries << " entries, " << HumanBytes(o.bytes);
    if (o.format != OutputFormat::kDir) out << ", unpacks to " << HumanBytes(o.unpacked_bytes);
    if (o.max_unpacked_size) {
      out << " of " << HumanBytes(*o.max_unpacked_size) << " allowed";
    }
    if (o.sha256) out << ", sha256 " << o.sha256->substr(0, 16) << "...";
    out << ")\n";
    if (o.diff_id) out << "    diff_id " << *o.diff_id << "\n    digest  " << *o.digest << '\n';
  }
}

}  // namespace pycpack
