// Where `pycpack inspect` finds pycs and their sources: a directory, a
// single pyc, or an archive read into memory.
#ifndef PYCPACK_INSPECT_INPUT_H_
#define PYCPACK_INSPECT_INPUT_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pycpack/filesystem.h"
#include "pycpack/status.h"

namespace pycpack::inspect {

// The files of one PATH argument. Paths are those of PycReport::path:
// relative to a directory or archive, the PATH itself for a single pyc.
class Input {
 public:
  virtual ~Input() = default;
  // "dir", "pyc", "tar", "tar.gz", "tar.zst", "zip".
  virtual std::string kind() const = 0;
  // The .pyc files, in the order they are reported.
  virtual const std::vector<std::string>& pycs() const = 0;
  // The content of |path|.
  virtual Result<std::string> Read(const std::string& path) = 0;
  // The content of |path|, or nullopt if nothing is there. Fails if
  // something is there but cannot be read.
  virtual Result<std::optional<std::string>> ReadIfPresent(const std::string& path) = 0;
};

// Opens |path|: a directory (every regular *.pyc below it, symlinks not
// followed), a file named *.pyc, or any other file as a tar (plain, gzip,
// zstd, xz or bzip2) or zip archive (.whl included; read through its
// central directory), whose .py and .pyc entries are read into memory.
// Fails, with a message naming |path|, if it does not exist or cannot be
// listed or read, is not an archive pycpack reads (ArchiveReader), or holds
// a .py or .pyc member over 64 MiB.
// REQUIRES: |fs| outlives the input.
Result<std::unique_ptr<Input>> OpenInput(FileSystem* fs, const std::string& path);

// The .py and .pyc files of the tar or zip archive in |bytes|, named
// |name| in messages.
Result<std::unique_ptr<Input>> OpenArchiveInput(const std::string& name,
                                                std::string_view bytes);

}  // namespace pycpack::inspect

#endif  // PYCPACK_INSPECT_INPUT_H_
