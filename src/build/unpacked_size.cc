#include "build/unpacked_size.h"

#include "util/human_bytes.h"

#include <algorithm>
#include <cstdio>

namespace pycpack {
namespace {


// 262144000 -> "262,144,000".
std::string Grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

void UnpackedSize::Add(std::string_view path, uint64_t bytes) {
  total_ += bytes;
  std::string owner;
  if (auto it = owners_.find(std::string(path)); it != owners_.end()) {
    owner = it->second;
  } else if (std::string dist = DistributionOfDistInfoPath(path); !dist.empty()) {
    owner = dist;  // a .dist-info's own files count with its distribution
  } else if (path.starts_with("__pycache__/")) {
    // The pyc of a top-level module counts with the module: "six.py".
    std::string_view name = path.substr(12);
    owner = std::string(name.substr(0, name.find('.'))) + ".py";
  } else {
    const size_t slash = path.find('/');
    owner = std::string(slash == std::string_view::npos ? path : path.substr(0, slash + 1));
  }
  by_owner_[owner] += bytes;
}

std::vector<std::pair<std::string, uint64_t>> UnpackedSize::Biggest(size_t n) const {
  std::vector<std::pair<std::string, uint64_t>> all(by_owner_.begin(), by_owner_.end());
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (all.size() > n) all.resize(n);
  return all;
}

Status CheckUnpackedBudget(const UnpackedSize& size, uint64_t budget) {
  if (size.total() <= budget) return Status::Ok();
  std::string biggest;
  for (const auto& [owner, bytes] : size.Biggest(5)) {
    biggest += (biggest.empty() ? "" : ", ") + owner + " " + HumanBytes(bytes);
  }
  return Status(ErrorCode::kBudget,
                "unpacks to " + Grouped(size.total()) + " bytes (" + HumanBytes(size.total()) +
                    "), over its max_unpacked_size of " + Grouped(budget) +
                    " bytes; the biggest: " + biggest + "; nothing was written");
}

std::string DistributionOfDistInfoPath(std::string_view path) {
  const size_t slash = path.find('/');
  std::string_view dir = path.substr(0, slash);
  constexpr std::string_view kSuffix = ".dist-info";
  if (slash == std::string_view::npos || !dir.ends_with(kSuffix)) return "";
  dir.remove_suffix(kSuffix.size());
  return std::string(dir.substr(0, dir.find('-')));
}

}  // namespace pycpack
