// What `pycpack inspect` reports about one pyc (docs/cli.md, "pycpack
// inspect"), and the function that works it out from the pyc's bytes.
#ifndef PYCPACK_INSPECT_PYC_REPORT_H_
#define PYCPACK_INSPECT_PYC_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inspect/evidence.h"
#include "pycpack/pyc.h"
#include "inspect/pyc_names.h"

namespace pycpack::inspect {

enum class SourceStatus {
  kMatch,       // hash-based pyc; the source beside it has that hash
  kMismatch,    // hash-based pyc; the source changed since (a stale pyc)
  kNoSource,    // nothing at the place the source belongs
  kNotChecked,  // a source exists, but the pyc holds no hash to compare
                // (timestamp or invalid flags) or its version is unknown
};

// "match", "mismatch", "no source", "not checked".
const char* SourceStatusName(SourceStatus status);

struct PycReport {
  std::string input;  // the PATH it was found through
  // Inside a directory or archive input: relative to it, '/'-separated.
  // A pyc given as PATH: that PATH.
  std::string path;
  uint64_t size = 0;
  std::optional<PycHeader> header;    // nullopt: truncated, bad magic
  std::optional<std::string> python;  // "3.11"; nullopt: unknown magic
  std::optional<std::string> source;  // the source's path, same convention
  SourceStatus source_status = SourceStatus::kNoSource;
  std::optional<int> level_from_name;  // see PycName::level
  std::optional<std::string> co_filename;
  std::optional<Found> docstrings;  // nullopt: the code could not be read
  std::optional<Found> asserts;
  std::optional<bool> canonical;    // IsCanonicalPyc
  std::vector<std::string> problems;  // one sentence each
};

// The source a pyc belongs to, when it exists.
struct SourceFile {
  std::string path;
  std::string bytes;
};

// Fills every field of |report| but input and path from the pyc's bytes,
// what its name says and its source (nullptr when there is none). Never
// fails: a truncated header, a bad or unknown magic number, invalid flags or
// marshal data that cannot be read become |problems|, and the fields that
// depend on them stay unset.
void InspectPyc(std::string_view pyc, const PycName& name,
                const SourceFile* source, PycReport* report);

}  // namespace pycpack::inspect

#endif  // PYCPACK_INSPECT_PYC_REPORT_H_
