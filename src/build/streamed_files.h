// Which files of a build are streamed to the writers instead of being read
// into memory, and their StreamedContent: a data file (one no compile job
// reads) of at least BuildOptions::stream_threshold bytes, as the walk saw
// it. Sources that are compiled are always read whole: the compiler needs
// them in memory. A build's memory therefore does not grow with the size
// of its data files.
#ifndef PYCPACK_BUILD_STREAMED_FILES_H_
#define PYCPACK_BUILD_STREAMED_FILES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "plan/planner.h"
#include "pycpack/archive.h"
#include "pycpack/filesystem.h"

namespace pycpack {

class StreamedFiles {
 public:
  // REQUIRES: |plan| and |fs| outlive this.
  StreamedFiles(const Plan& plan, FileSystem* fs, uint64_t threshold);

  // True if Plan::files[file] is streamed.
  bool streamed(size_t file) const { return streamed_[file]; }
  // The content of streamed |file|, with the size a Stat gives the first
  // time it is asked for; the same for every later call until Release.
  // Every writer and the RECORD hash check that size. The pointer is valid
  // until Release(file).
  Result<const StreamedContent*> Content(size_t file);
  // The RECORD row (plan/dist_info.h) of streamed |file| as |path|: its
  // hash is computed reading it in pieces through Content(file), once.
  Result<std::string> RecordRow(std::string_view path, size_t file);
  // Forgets |file|'s content and hash (nobody will write it any more).
  void Release(size_t file);

 private:
  const Plan& plan_;
  FileSystem* fs_;
  std::vector<bool> streamed_;
  std::vector<std::unique_ptr<StreamedContent>> content_;  // per file
  std::vector<std::string> hash_;                          // "" until known
};

}  // namespace pycpack

#endif  // PYCPACK_BUILD_STREAMED_FILES_H_
