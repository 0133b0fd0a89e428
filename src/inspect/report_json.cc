// The --json form of an InspectReport (docs/cli.md, "pycpack inspect").
#include <nlohmann/json.hpp>

#include "inspect/inspect.h"
#include "util/hex.h"

namespace pycpack::inspect {
namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json OrNull(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json FoundOrNull(const std::optional<Found>& f) {
  return f ? Json(FoundName(*f)) : Json(nullptr);
}

Json PycJson(const PycReport& r) {
  const PycHeader* h = r.header ? &*r.header : nullptr;
  const bool hashed = h && (h->invalidation == Invalidation::kCheckedHash ||
                            h->invalidation == Invalidation::kUncheckedHash);
  const bool timestamp = h && h->invalidation == Invalidation::kTimestamp;
  Json j;
  j["input"] = r.input;
  j["path"] = r.path;
  j["size"] = r.size;
  j["magic"] = h ? Json(h->magic) : Json(nullptr);
  j["magic_hex"] = h ? Json(HexEncode(h->magic_bytes)) : Json(nullptr);
  j["python"] = OrNull(r.python);
  j["flags"] = h ? Json(h->flags) : Json(nullptr);
  j["invalidation"] = h ? Json(InvalidationName(h->invalidation)) : Json(nullptr);
  j["source_hash"] = hashed ? Json(HexEncode(h->source_hash)) : Json(nullptr);
  j["mtime"] = timestamp ? Json(h->mtime) : Json(nullptr);
  j["source_size"] = timestamp ? Json(h->source_size) : Json(nullptr);
  j["source"] = OrNull(r.source);
  j["source_status"] = SourceStatusName(r.source_status);
  j["level_from_name"] = OrNull(r.level_from_name);
  j["co_filename"] = OrNull(r.co_filename);
  j["docstrings"] = FoundOrNull(r.docstrings);
  j["asserts"] = FoundOrNull(r.asserts);
  j["canonical"] = OrNull(r.canonical);
  j["problems"] = r.problems;
  return j;
}

}  // namespace

std::string InspectReportJson(const InspectReport& report, std::string_view version) {
  Json j;
  j["pycpack_version"] = version;
  j["exit_code"] = report.ExitCode();
  j["errors"] = report.errors;
  j["inputs"] = Json::array();
  for (const InputReport& in : report.inputs) {
    j["inputs"].push_back({{"path", in.path},
                           {"kind", in.kind.empty() ? Json(nullptr) : Json(in.kind)},
                           {"pycs", in.pycs},
                           {"error", OrNull(in.error)}});
  }
  j["pycs"] = Json::array();
  for (const PycReport& r : report.pycs) j["pycs"].push_back(PycJson(r));
  // Names in archives and co_filename need not be valid UTF-8.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace pycpack::inspect
