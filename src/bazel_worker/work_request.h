// Bazel's persistent-worker messages in their JSON form
// (src/main/protobuf/worker_protocol.proto, proto3 JSON mapping: fields in
// lowerCamelCase, zero values left out).
#ifndef PYCPACK_BAZEL_WORKER_WORK_REQUEST_H_
#define PYCPACK_BAZEL_WORKER_WORK_REQUEST_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pycpack/status.h"

namespace pycpack {

struct WorkRequest {
  std::vector<std::string> arguments;  // the action's arguments, @params expanded by Bazel
  int request_id = 0;                  // 0: singleplex
  bool cancel = false;                 // cancel request |request_id|
  int verbosity = 0;                   // > 0: say more in the response's output
  std::string sandbox_dir;             // "" or a prefix for every path
};

struct WorkResponse {
  int exit_code = 0;
  std::string output;
  int request_id = 0;
  bool was_cancelled = false;
};

// Reads a WorkRequest; unknown fields (such as "inputs") are ignored. Fails
// with a UsageError when a known field has the wrong type.
Result<WorkRequest> ParseWorkRequest(const nlohmann::json& j);

// One line of JSON, ending in '\n'.
std::string WorkResponseLine(const WorkResponse& r);

}  // namespace pycpack

#endif  // PYCPACK_BAZEL_WORKER_WORK_REQUEST_H_
