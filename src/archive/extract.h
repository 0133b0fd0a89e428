// Reading archives from disk (through ArchiveReader): listing their members
// and unpacking them, refusing anything that would land outside the
// destination. `verify`
// unpacks artifacts with it; a build unpacks wheel inputs (src/input).
#ifndef PYCPACK_ARCHIVE_EXTRACT_H_
#define PYCPACK_ARCHIVE_EXTRACT_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "archive/archive_reader.h"
#include "pycpack/filesystem.h"
#include "pycpack/status.h"

namespace pycpack {


// Ok if |name| (an archive member name, '/'-separated, a trailing '/' for
// directories allowed) is relative, not empty and has no ".." component;
// else an UnsafeError saying what is wrong with it.
Status CheckMemberName(std::string_view name);

// A member as its header describes it.
struct ArchiveMember {
  std::string name;  // as stored (UTF-8 where the archive says so)
  // kRegular, kDirectory, kSymlink; kOther for hard links and anything
  // else (fifos, devices).
  FileType type = FileType::kOther;
  uint64_t size = 0;  // uncompressed size the headers declare (0 if none)
};

// The members of |archive|, in archive order, duplicates included; their
// data is not read. Fails (IoError "cannot read '<archive>': ...") when it
// is not an archive of |kind| or its headers cannot be read.
Result<std::vector<ArchiveMember>> ListArchiveMembers(
    const std::string& archive, ArchiveKind kind);

struct ExtractOptions {
  ArchiveKind kind = ArchiveKind::kAny;
  // Files get mode 0644, or 0755 when the member has any execute bit;
  // directories 0755, whatever the umask (directories that are not members
  // are created as the umask says). Otherwise the members' own permission
  // bits, less the umask.
  bool normalize_modes = false;
  // Called with each member's name, once it passed CheckMemberName, before
  // anything of it is written. It may refuse the member (a non-ok status,
  // returned with the member named), set |*name| to the relative name to
  // write it under instead (it must pass CheckMemberName; hard-link
  // targets keep their stored names), or to "" to skip it. Unset: every
  // member under its own name.
  std::function<Status(std::string* name)> place;
};

// Extracts the members of |archive| below the existing directory |dest|,
// keeping modification times. Refuses (UnsafeError "<archive>: entry
// '<name>': ...") members with an absolute name or a ".." component,
// symlinks whose target is absolute or climbs out of |dest|, hard links to
// such names, and members that are neither file, directory nor symlink;
// libarchive's secure-extract flags also refuse writing through a symlink.
// Fails (IoError naming |archive|) when it is not an archive of
// options.kind or cannot be read. On failure |dest| may hold part of the
// content: the caller removes it.
Status ExtractArchive(const std::string& archive, const std::string& dest,
                      const ExtractOptions& options = {});

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_EXTRACT_H_
