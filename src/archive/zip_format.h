// The records of a zip file as pycpack writes them (PKWARE's APPNOTE.TXT
// 6.3: local file header, data, central directory, end of central
// directory; ZIP64 extra fields and end records only where a value does not
// fit). Pure functions over values: no I/O, no clock, no locale.
//
// What every record holds, whatever the entry:
//   - version needed 2.0, or 4.5 for an entry with a ZIP64 extra field in
//     either header; version made by Unix and the same number;
//   - general purpose flags 0, or bit 11 (names are UTF-8) for a name with a
//     byte >= 0x80; never bit 3: sizes and CRC are known before the header
//     is written, so there are no data descriptors;
//   - MS-DOS time and date computed from a Unix time in UTC;
//   - no extra field other than ZIP64, no comments, internal attributes 0,
//     external attributes (st_mode << 16), plus 0x10 (MS-DOS directory) for
//     directories.
#ifndef PYCPACK_ARCHIVE_ZIP_FORMAT_H_
#define PYCPACK_ARCHIVE_ZIP_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace pycpack {

inline constexpr uint16_t kZipStored = 0;
inline constexpr uint16_t kZipDeflated = 8;

// "Version made by" is this (the external attributes hold a Unix st_mode)
// plus the entry's "version needed", as libarchive and Python's zipfile
// write it.
inline constexpr uint16_t kZipMadeByUnix = 3 << 8;
inline constexpr uint16_t kZipVersionNeeded = 20;       // deflate, directories
inline constexpr uint16_t kZipVersionNeededZip64 = 45;  // ZIP64 extensions

// A value this big or bigger does not fit a 32-bit field (0xFFFFFFFF marks
// "in the ZIP64 record"); an entry count this big or bigger does not fit
// the 16-bit fields of the end record.
inline constexpr uint64_t kZip32Limit = 0xFFFFFFFFu;
inline constexpr uint64_t kZip16Limit = 0xFFFFu;

// One entry as the headers describe it.
struct ZipEntryInfo {
  std::string name;  // as stored: '/'-separated, directories end in '/'
  bool is_dir = false;
  uint32_t mode = 0644;  // permission bits
  uint16_t method = kZipStored;
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;  // bytes of data after the local header
  uint64_t size = 0;             // uncompressed
  uint64_t offset = 0;           // of the local header in the file
};

struct DosDateTime {
  uint16_t time = 0;  // hour << 11 | minute << 5 | second / 2
  uint16_t date = 0;  // (year - 1980) << 9 | month << 5 | day
};

// The MS-DOS time of Unix time |t|, in UTC (by arithmetic: no time zone,
// no localtime()). Odd seconds round down (the format holds even seconds
// only); times before 1980-01-01T00:00:00Z give that date, times after
// 2107-12-31T23:59:58Z give that one, the range the fields can hold.
DosDateTime DosTimeFromUnix(int64_t t);

// The local file header of |e| (its offset is not used).
std::string ZipLocalHeader(const ZipEntryInfo& e, DosDateTime when);

// The central directory header of |e|.
std::string ZipCentralHeader(const ZipEntryInfo& e, DosDateTime when);

// What ends the file after a central directory of |entries| headers,
// |cd_size| bytes long, at |cd_offset|: the end of central directory record,
// preceded by a ZIP64 end record and its locator when a value does not fit
// (entries >= kZip16Limit, or cd_size or cd_offset >= kZip32Limit).
std::string ZipEndRecords(uint64_t entries, uint64_t cd_offset,
                          uint64_t cd_size);

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_ZIP_FORMAT_H_
