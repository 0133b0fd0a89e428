// Reads the central directory of a zip written by the zip writer (no
// comment; ZIP64 end records and extra fields understood), byte by byte,
// independently of the writer's own encoder, for the zip tests.
#ifndef PYCPACK_TESTS_ARCHIVE_ZIP_CENTRAL_DIRECTORY_H_
#define PYCPACK_TESTS_ARCHIVE_ZIP_CENTRAL_DIRECTORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace pycpack::ziptest {

inline uint32_t Le16(const std::string& b, size_t at) {
  return static_cast<unsigned char>(b[at]) |
         static_cast<unsigned char>(b[at + 1]) << 8;
}
inline uint32_t Le32(const std::string& b, size_t at) {
  return Le16(b, at) | Le16(b, at + 2) << 16;
}
inline uint64_t Le64(const std::string& b, size_t at) {
  return Le32(b, at) | static_cast<uint64_t>(Le32(b, at + 4)) << 32;
}

struct CentralEntry {
  std::string name;
  uint32_t made_by, needed, flags, method, dos_time, dos_date, crc32,
      internal_attrs, external_attrs;
  uint64_t compressed_size, size, local_offset;  // ZIP64 values applied
  std::string extra;  // the central directory's extra fields
};

struct CentralDirectory {
  bool zip64_end = false;  // a ZIP64 end record and locator are present
  uint64_t offset = 0;     // of the first central header
  std::vector<CentralEntry> entries;
};

// Applies a ZIP64 extra field in |e.extra| to the fields marked 0xFFFFFFFF.
inline void ApplyZip64(CentralEntry* e) {
  const std::string& x = e->extra;
  for (size_t at = 0; at + 4 <= x.size(); at += 4 + Le16(x, at + 2)) {
    if (Le16(x, at) != 1) continue;
    size_t v = at + 4;
    if (e->size == 0xFFFFFFFFu) e->size = Le64(x, v), v += 8;
    if (e->compressed_size == 0xFFFFFFFFu) e->compressed_size = Le64(x, v), v += 8;
    if (e->local_offset == 0xFFFFFFFFu) e->local_offset = Le64(x, v);
  }
}

inline CentralDirectory ReadCentralDirectory(const std::string& zip) {
  CentralDirectory cd;
  if (zip.size() < 22) {
    ADD_FAILURE() << "not a zip: " << zip.size() << " bytes";
    return cd;
  }
  const size_t eocd = zip.size() - 22;
  EXPECT_EQ(zip.substr(eocd, 4), "PK\x05\x06");
  EXPECT_EQ(Le16(zip, eocd + 20), 0u) << "comment";
  uint64_t count = Le16(zip, eocd + 10);
  cd.offset = Le32(zip, eocd + 16);
  if (eocd >= 20 && zip.compare(eocd - 20, 4, "PK\x06\x07") == 0) {
    cd.zip64_end = true;
    const size_t rec = Le64(zip, eocd - 20 + 8);
    EXPECT_EQ(zip.substr(rec, 4), "PK\x06\x06");
    count = Le64(zip, rec + 32);
    cd.offset = Le64(zip, rec + 48);
  }
  size_t pos = cd.offset;
  for (uint64_t i = 0; i < count; ++i) {
    if (zip.compare(pos, 4, "PK\x01\x02") != 0) {
      ADD_FAILURE() << "no central header " << i << " at " << pos;
      break;
    }
    CentralEntry e;
    e.made_by = Le16(zip, pos + 4);
    e.needed = Le16(zip, pos + 6);
    e.flags = Le16(zip, pos + 8);
    e.method = Le16(zip, pos + 10);
    e.dos_time = Le16(zip, pos + 12);
    e.dos_date = Le16(zip, pos + 14);
    e.crc32 = Le32(zip, pos + 16);
    e.compressed_size = Le32(zip, pos + 20);
    e.size = Le32(zip, pos + 24);
    e.internal_attrs = Le16(zip, pos + 36);
    e.external_attrs = Le32(zip, pos + 38);
    e.local_offset = Le32(zip, pos + 42);
    const size_t name_len = Le16(zip, pos + 28), extra_len = Le16(zip, pos + 30);
    e.name = zip.substr(pos + 46, name_len);
    e.extra = zip.substr(pos + 46 + name_len, extra_len);
    ApplyZip64(&e);
    cd.entries.push_back(e);
    pos += 46 + name_len + extra_len + Le16(zip, pos + 32);
  }
  return cd;
}

// The data of |e| as stored after its local header.
inline std::string StoredData(const std::string& zip, const CentralEntry& e) {
  const size_t start = e.local_offset + 30 + Le16(zip, e.local_offset + 26) +
                       Le16(zip, e.local_offset + 28);
  return zip.substr(start, e.compressed_size);
}

}  // namespace pycpack::ziptest

#endif  // PYCPACK_TESTS_ARCHIVE_ZIP_CENTRAL_DIRECTORY_H_
