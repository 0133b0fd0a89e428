// Writing small, possibly hostile, archives for the extraction tests
// (in their own namespace: test_entries.h has a File and a Dir too).
#ifndef PYCPACK_TESTS_ARCHIVE_TEST_ARCHIVES_H_
#define PYCPACK_TESTS_ARCHIVE_TEST_ARCHIVES_H_

#include <cstdint>
#include <string>
#include <vector>

namespace pycpack::testing {

struct TestMember {
  std::string name;
  char type = 'f';     // 'f' file, 'd' directory, 's' symlink, 'h' hard link, 'p' fifo
  std::string data;    // file content
  std::string target;  // symlink target or hard-link name
  int64_t mtime = 1000000000;
  uint32_t perm = 0;   // permission bits; 0: 0755 for directories, else 0644
};

enum class TestFormat { kTar, kTarGz, kZip };

TestMember File(std::string name, std::string data, int64_t mtime = 1000000000);
TestMember Dir(std::string name);
TestMember Symlink(std::string name, std::string target);
TestMember HardLink(std::string name, std::string target);
TestMember Fifo(std::string name);

// Writes |members| as they are (no checks) to |path|; throws on failure.
void WriteTestArchive(const std::string& path, TestFormat format,
                      const std::vector<TestMember>& members);

}  // namespace pycpack::testing

#endif  // PYCPACK_TESTS_ARCHIVE_TEST_ARCHIVES_H_
