// How the members of a wheel become a site-packages tree, as an installer
// lays them out (the wheel specification, "Installing a wheel"): what is at
// the top of the wheel stays there, <name>-<version>.data/purelib/ and
// platlib/ are merged into the top, and the one .dist-info directory is
// kept as it is. Works on member lists only, so it is tested without
// archives.
#ifndef PYCPACK_INPUT_WHEEL_LAYOUT_H_
#define PYCPACK_INPUT_WHEEL_LAYOUT_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "archive/extract.h"
#include "pycpack/status.h"

namespace pycpack {

struct WheelLayout {
  std::string dist_info;  // the top-level "<name>-<version>.dist-info"
  // Every member's name -> its path in the tree; "" for the directories
  // that vanish when .data/purelib and .data/platlib are merged (the .data
  // directory itself and those two).
  std::map<std::string, std::string> placement;
};

// Checks the members of a wheel (ListArchiveMembers) and places them.
// Errors name the member first ("entry '<name>': <problem>"):
// - UnsafeError: a name CheckMemberName refuses, or with an empty or "."
//   component (a directory's trailing '/' aside); a member that is not a
//   regular file or a directory (symlinks included); a name that appears
//   twice; two members placed at one path, unless both are directories; a
//   member placed below a file.
// - IoError: a member of the .data directory outside purelib and platlib
//   (scripts, headers and data install outside site-packages, so a
//   site-packages tree cannot hold them) or directly in it; a .data/purelib
//   or platlib that holds a .dist-info directory; a top-level directory
//   "*.data" other than "<name>-<version>.data".
// Then, without a member (IoError): not exactly one top-level
// "*.dist-info" directory, one not named "<name>-<version>.dist-info", or
// one without a WHEEL file.
Result<WheelLayout> PlanWheelLayout(const std::vector<ArchiveMember>& members);

// Ok if the wheel's file name (its base name, "<name>-<version>[-<build>]-
// <python>-<abi>-<platform>.whl") names the distribution and version of its
// |dist_info| directory ("<name>-<version>.dist-info"): names compared as
// the wheel specification normalises them (case-insensitively, runs of
// '-', '_' and '.' alike), versions case-insensitively with '-' and '_'
// alike (both are written from the same normalised version). Else an
// IoError saying what each one says.
Status CheckWheelFileName(std::string_view file_name, std::string_view dist_info);

// Ok if |text|, a .dist-info/WHEEL file, declares a Wheel-Version whose
// major version is 1 (a later major version may change the layout, so the
// specification says to refuse it); else IoError.
Status CheckWheelMetadata(std::string_view text);

}  // namespace pycpack

#endif  // PYCPACK_INPUT_WHEEL_LAYOUT_H_
