// Python packaging metadata pycpack reads and writes: RECORD files of
// installed distributions, and the .dist-info of wheels (the binary
// distribution format specification: name escaping, WHEEL, METADATA, tags).
#ifndef PYCPACK_PLAN_DIST_INFO_H_
#define PYCPACK_PLAN_DIST_INFO_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pycpack/manifest.h"
#include "pycpack/status.h"

namespace pycpack {

// The rows of a RECORD file as written: path, hash ("sha256=..." or ""),
// size ("" when absent). CSV with quoted fields; empty lines skipped. Fails
// on a quote left open.
struct RecordEntry {
  std::string path;
  std::string hash;
  std::string size;
};
Result<std::vector<RecordEntry>> ParseRecord(std::string_view record);

// The paths a RECORD lists (its first CSV column; quoted fields allowed),
// normalised; paths that leave the directory RECORD is relative to (such as
// "../../bin/tool") are dropped. Fails on a quote left open.
Result<std::vector<std::string>> ParseRecordPaths(std::string_view record);

// One RECORD row: "path,sha256=<urlsafe base64, no padding>,size", the
// path quoted when it holds a comma, quote or line break.
std::string RecordRow(std::string_view path, std::string_view data);
// The same row for a file whose hash ("sha256=...", Sha256RecordHash) and
// size were computed elsewhere (e.g. reading it in pieces).
std::string RecordRowOfHash(std::string_view path, std::string_view hash,
                            uint64_t size);
// The row of RECORD itself: "path,,".
std::string RecordSelfRow(std::string_view path);

// "Foo.Bar-baz" -> "foo_bar_baz": a distribution name as wheel file and
// .dist-info names spell it.
std::string EscapeDistName(std::string_view name);

// A wheel tag "cp311-none-any". |tags| share abi and platform in wheels
// pycpack generates; CompressedTagSet joins them as the file name wants:
// "cp311.cp312-none-any".
std::string CompressedTagSet(const std::vector<std::string>& tags);

// The WHEEL file: Wheel-Version 1.0, Generator, Root-Is-Purelib, one Tag
// line per tag.
std::string WheelFile(std::string_view generator, bool purelib,
                      const std::vector<std::string>& tags);

// The Tag lines and Root-Is-Purelib of an existing WHEEL file.
struct WheelInfo {
  std::vector<std::string> tags;
  bool purelib = true;
};
WheelInfo ParseWheelFile(std::string_view text);

// METADATA (core metadata 2.1) for |meta|. REQUIRES: name, version set.
std::string MetadataFile(const WheelMetadata& meta);

}  // namespace pycpack

#endif  // PYCPACK_PLAN_DIST_INFO_H_
