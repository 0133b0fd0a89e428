// An ArchiveWriter over libarchive's writer, for the file formats. The
// archive's bytes go through the FileSystem seam (a WritableFile fed from
// libarchive's write callback), so write failures can be injected.
#ifndef PYCPACK_ARCHIVE_LIBARCHIVE_WRITER_H_
#define PYCPACK_ARCHIVE_LIBARCHIVE_WRITER_H_

#include <memory>
#include <string>

#include "pycpack/archive.h"

struct archive;

namespace pycpack {

// Chooses the format and filters of a fresh libarchive writer and sets their
// options. Returns a non-ok status naming what libarchive refused.
using ArchiveSetup = Status (*)(struct archive* a);

// Creates |path| through |fs| and a writer whose archive is configured by
// |setup|. Every entry is written with uid/gid 0, no user or group name,
// mtime = options.mtime and no other time, no xattrs or ACLs; directories
// are named with a trailing '/'. libarchive runs in the C.UTF-8 locale, so
// the bytes do not depend on the process's locale.
Result<std::unique_ptr<ArchiveWriter>> NewLibarchiveWriter(
    FileSystem* fs, const std::string& path, const ArchiveOptions& options,
    ArchiveSetup setup);

// Applies libarchive option string |options| ("gzip:compression-level=6,...")
// to |a|, for ArchiveSetup functions.
Status SetArchiveOptions(struct archive* a, const char* options);

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_LIBARCHIVE_WRITER_H_
