#include "archive/writers.h"
#include "pycpack/archive.h"

namespace pycpack {


Result<std::unique_ptr<ArchiveWriter>> NewArchiveWriter(
    OutputFormat format, FileSystem* fs, const std::string& staging_path,
    const ArchiveOptions& options) {
  if (fs->Exists(staging_path)) {
    return IoError("cannot write '" + staging_path + "': it already exists");
  }
  switch (format) {
    case OutputFormat::kDir:
      return NewDirWriter(fs, staging_path, options);
    case OutputFormat::kTar:
    case OutputFormat::kTarGz:
    case OutputFormat::kTarZst:
      return NewTarWriter(format, fs, staging_path, options);
    case OutputFormat::kZip:
      return NewZipWriter(fs, staging_path, options);
    case OutputFormat::kWheel:
    case OutputFormat::kLambdaLayer:
    case OutputFormat::kOciLayer:
      break;  // presets: the caller passes ContainerFormat(output)
  }
  return InternalError("unknown output format " +
                       std::to_string(static_cast<int>(format)));
}

}  // namespace pycpack
