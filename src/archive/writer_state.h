// What every ArchiveWriter checks and remembers, whatever its format: that
// entries are well formed and come in the required order, and whether the
// writer has failed or finished.
#ifndef PYCPACK_ARCHIVE_WRITER_STATE_H_
#define PYCPACK_ARCHIVE_WRITER_STATE_H_

#include <string>
#include <unordered_set>

#include "pycpack/archive.h"
#include "pycpack/status.h"

namespace pycpack {

class WriterState {
 public:
  // Ok if |entry| may be written now, and records it as written. Otherwise
  // the earlier failure, or an error naming the entry: UnsafeError for a
  // path that could leave the artifact's root ("..", a leading '/'),
  // InternalError for any other broken ArchiveEntry or ArchiveWriter
  // requirement (order, missing parent directory, mode, directory data, a
  // stream beside held data or without a file system, Add after Finish).
  // A rejected entry does not fail the writer.
  Status BeginAdd(const ArchiveEntry& entry);
  // Ok if Finish may run now; otherwise the earlier failure or an error.
  Status BeginFinish();
  // Remembers a non-ok |status| as the writer's failure, which every later
  // BeginAdd / BeginFinish returns; returns |status|.
  Status Fail(Status status);
  void MarkFinished() { finished_ = true; }

 private:
  Status CheckEntry(const ArchiveEntry& entry) const;

  Status failure_;
  bool finished_ = false;
  bool any_ = false;
  std::string last_path_;
  std::unordered_set<std::string> dirs_;
};

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_WRITER_STATE_H_
