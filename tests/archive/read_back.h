// Reads an archive back with libarchive's reader, for checking what the
// writers produced.
#ifndef PYCPACK_TESTS_ARCHIVE_READ_BACK_H_
#define PYCPACK_TESTS_ARCHIVE_READ_BACK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "pycpack/status.h"

namespace pycpack {

struct ReadEntry {
  std::string name;  // UTF-8, as stored (directories end in '/')
  bool is_dir = false;
  bool is_file = false;
  uint32_t perm = 0;
  int64_t uid = -1;
  int64_t gid = -1;
  std::string uname;  // "" when absent
  std::string gname;
  int64_t mtime = 0;
  int64_t mtime_nsec = 0;
  bool atime_set = false;  // the zip reader always sets atime and ctime,
  bool ctime_set = false;  // to 0 when the archive has none
  int64_t atime = 0;
  int64_t ctime = 0;
  bool birthtime_set = false;
  int xattrs = 0;
  int acls = 0;
  std::string data;
};

// Every entry of the archive in |bytes| (any format and filter libarchive
// reads), in stored order.
Result<std::vector<ReadEntry>> ReadArchive(const std::string& bytes);

}  // namespace pycpack

#endif  // PYCPACK_TESTS_ARCHIVE_READ_BACK_H_
