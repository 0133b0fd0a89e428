// Libraries given as "wheel" in the manifest: before planning, each wheel
// is checked (PlanWheelLayout) and extracted into a private temporary
// directory, which becomes the library's root for the rest of the build,
// so that it looks exactly like the wheel installed in site-packages.
#ifndef PYCPACK_INPUT_WHEEL_INPUT_H_
#define PYCPACK_INPUT_WHEEL_INPUT_H_

#include <memory>
#include <string>

#include "fs/scratch_dir.h"
#include "pycpack/manifest.h"
#include "pycpack/status.h"

namespace pycpack {

// Extracts the wheel of every library of |m| that names one, on the host
// file system, and sets that library's root to its extraction. Returns the
// directory that holds the extractions (null when no library names a
// wheel): the roots exist as long as it does, and it removes them when it
// goes. On failure nothing is left behind and nothing was written anywhere
// else. Errors name the library, the wheel and, where there is one, the
// member: "<manifest>: libraries[i] (library "x"): <wheel>: entry
// '<member>': <problem>" (see PlanWheelLayout, ExtractArchive;
// InterruptedError when Interrupted()).
Result<std::unique_ptr<ScratchDir>> ExtractWheelLibraries(Manifest* m);

// Checks and extracts the wheel |wheel| into the existing, empty directory
// |dest|. Errors are prefixed with |wheel|. On failure |dest| may hold part
// of the content.
Status ExtractWheel(const std::string& wheel, const std::string& dest);

}  // namespace pycpack

#endif  // PYCPACK_INPUT_WHEEL_INPUT_H_
