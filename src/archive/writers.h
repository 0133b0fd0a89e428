// The writer of each OutputFormat; NewArchiveWriter (archive_writer.cc)
// picks one. Each has NewArchiveWriter's contract.
#ifndef PYCPACK_ARCHIVE_WRITERS_H_
#define PYCPACK_ARCHIVE_WRITERS_H_

#include <memory>
#include <string>

#include "pycpack/archive.h"

namespace pycpack {

// kDir: a directory tree at |path|.
Result<std::unique_ptr<ArchiveWriter>> NewDirWriter(
    FileSystem* fs, const std::string& path, const ArchiveOptions& options);

// kTar, kTarGz, kTarZst: a pax (restricted) tar file, plain or compressed.
Result<std::unique_ptr<ArchiveWriter>> NewTarWriter(
    OutputFormat format, FileSystem* fs, const std::string& path,
    const ArchiveOptions& options);

// kZip: a zip file, each entry deflated or stored (zip_writer.cc).
Result<std::unique_ptr<ArchiveWriter>> NewZipWriter(
    FileSystem* fs, const std::string& path, const ArchiveOptions& options);

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_WRITERS_H_
