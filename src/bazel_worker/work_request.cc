#include "bazel_worker/work_request.h"

namespace pycpack {
namespace {

// The integer in |j|: a number or (proto3 JSON allows it) a decimal string.
bool AsInt(const nlohmann::json& j, int* out) {
  if (j.is_number_integer()) {
    const auto v = j.get<long long>();
    if (v < INT32_MIN || v > INT32_MAX) return false;
    *out = static_cast<int>(v);
    return true;
  }
  if (j.is_string()) {
    try {
      size_t used = 0;
      const std::string s = j.get<std::string>();
      *out = std::stoi(s, &used);
      return used == s.size();
    } catch (const std::exception&) {
    }
  }
  return false;
}

}  // namespace

Result<WorkRequest> ParseWorkRequest(const nlohmann::json& j) {
  WorkRequest r;
  if (auto it = j.find("arguments"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) return UsageError("WorkRequest.arguments is not an array");
    for (const nlohmann::json& a : *it) {
      if (!a.is_string()) return UsageError("WorkRequest.arguments holds a non-string");
      r.arguments.push_back(a.get<std::string>());
    }
  }
  if (auto it = j.find("requestId"); it != j.end() && !it->is_null() &&
                                     !AsInt(*it, &r.request_id)) {
    return UsageError("WorkRequest.requestId is not an integer");
  }
  if (auto it = j.find("verbosity"); it != j.end() && !it->is_null() &&
                                     !AsInt(*it, &r.verbosity)) {
    return UsageError("WorkRequest.verbosity is not an integer");
  }
  if (auto it = j.find("cancel"); it != j.end() && !it->is_null()) {
    if (!it->is_boolean()) return UsageError("WorkRequest.cancel is not a boolean");
    r.cancel = it->get<bool>();
  }
  if (auto it = j.find("sandboxDir"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) return UsageError("WorkRequest.sandboxDir is not a string");
    r.sandbox_dir = it->get<std::string>();
  }
  return r;
}

std::string WorkResponseLine(const WorkResponse& r) {
  nlohmann::json j = nlohmann::json::object();
  j["exitCode"] = r.exit_code;
  if (!r.output.empty()) j["output"] = r.output;
  j["requestId"] = r.request_id;
  if (r.was_cancelled) j["wasCancelled"] = true;
  // Invalid UTF-8 in output (a source's bytes in a message) is replaced,
  // never a reason to fail.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace pycpack
