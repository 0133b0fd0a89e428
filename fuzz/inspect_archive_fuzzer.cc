// `pycpack inspect` on an artifact of arbitrary bytes: the archive is read
// into memory (OpenArchiveInput, through Inspect over an in-memory file
// system), every pyc found is inspected and the report is rendered both as
// JSON and as a table.
#include <cstdint>
#include <sstream>
#include <string>

#include "fs/memory_filesystem.h"
#include "inspect/inspect.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace pycpack;
  MemoryFileSystem fs;
  fs.AddFile("/artifact", std::string(reinterpret_cast<const char*>(data), size));
  inspect::InspectReport report = inspect::Inspect({"/artifact"}, &fs);
  std::string json = inspect::InspectReportJson(report, "fuzz");
  std::ostringstream table;
  inspect::PrintInspectTable(report, table);
  return 0;
}
