// Sizes for people: "512 B", "14.9 KiB", "250.0 MiB".
#ifndef PYCPACK_UTIL_HUMAN_BYTES_H_
#define PYCPACK_UTIL_HUMAN_BYTES_H_

#include <cstdint>
#include <string>

namespace pycpack {

// |n| bytes in B below 1 KiB, else in KiB or MiB with one decimal.
std::string HumanBytes(uint64_t n);

}  // namespace pycpack

#endif  // PYCPACK_UTIL_HUMAN_BYTES_H_
