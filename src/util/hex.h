#ifndef PYCPACK_UTIL_HEX_H_
#define PYCPACK_UTIL_HEX_H_

#include <string>
#include <string_view>

namespace pycpack {

// |bytes| as lowercase hex digits, two per byte.
std::string HexEncode(std::string_view bytes);

}  // namespace pycpack

#endif  // PYCPACK_UTIL_HEX_H_
