#include "build/version.h"

namespace pycpack {

std::string PycpackVersion() { return PYCPACK_VERSION; }

}  // namespace pycpack
