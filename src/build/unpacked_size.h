// What an artifact unpacks to: the bytes of its files, added up as they are
// written, and by whom (a distribution of an installed tree, else the
// top-level directory or file), so that an output over its budget
// ("max_unpacked_size"; Lambda's 262,144,000 bytes) can say what to cut.
#ifndef PYCPACK_BUILD_UNPACKED_SIZE_H_
#define PYCPACK_BUILD_UNPACKED_SIZE_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pycpack/status.h"

namespace pycpack {

class UnpackedSize {
 public:
  // |owners|: a file's path (below the output's prefix) -> the name of the
  // distribution it belongs to; files not in it belong to their top-level
  // directory ("pkg/") or are their own ("six.py").
  explicit UnpackedSize(std::unordered_map<std::string, std::string> owners = {})
      : owners_(std::move(owners)) {}

  // Counts a file of |bytes| at |path| (below the output's prefix).
  void Add(std::string_view path, uint64_t bytes);
  uint64_t total() const { return total_; }
  // The |n| biggest contributors, biggest first (equal sizes by name).
  std::vector<std::pair<std::string, uint64_t>> Biggest(size_t n) const;

 private:
  std::unordered_map<std::string, std::string> owners_;
  std::map<std::string, uint64_t> by_owner_;
  uint64_t total_ = 0;
};

// Ok when |size| is within |budget|; else an error (exit status 1) saying
// "unpacks to N bytes, over its max_unpacked_size of B bytes (...); the
// biggest: a 1.2 MiB, b/ 300.0 KiB, ..." with the five biggest contributors.
Status CheckUnpackedBudget(const UnpackedSize& size, uint64_t budget);

// "<name>-<version>.dist-info/..." -> "<name>"; "" for other paths.
std::string DistributionOfDistInfoPath(std::string_view path);

}  // namespace pycpack

#endif  // PYCPACK_BUILD_UNPACKED_SIZE_H_
