#include "archive/zip_format.h"

#include <sys/stat.h>

namespace pycpack {
namespace {

constexpr uint32_t kLocalSignature = 0x04034b50;
constexpr uint32_t kCentralSignature = 0x02014b50;
constexpr uint32_t kEndSignature = 0x06054b50;
constexpr uint32_t kZip64EndSignature = 0x06064b50;
constexpr uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr uint16_t kZip64ExtraId = 0x0001;
constexpr uint16_t kUtf8Flag = 1 << 11;
constexpr uint32_t kDosDirectory = 0x10;

void Put16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v & 0xff));
  out->push_back(static_cast<char>(v >> 8));
}
void Put32(std::string* out, uint32_t v) {
  Put16(out, static_cast<uint16_t>(v & 0xffff));
  Put16(out, static_cast<uint16_t>(v >> 16));
}
void Put64(std::string* out, uint64_t v) {
  Put32(out, static_cast<uint32_t>(v & 0xffffffffu));
  Put32(out, static_cast<uint32_t>(v >> 32));
}

// |v| for a 32-bit field: itself, or 0xFFFFFFFF when it goes to ZIP64.
uint32_t Field32(uint64_t v) {
  return v >= kZip32Limit ? 0xFFFFFFFFu : static_cast<uint32_t>(v);
}

uint16_t Flags(std::string_view name) {
  for (unsigned char c : name) {
    if (c >= 0x80) return kUtf8Flag;
  }
  return 0;
}

// A ZIP64 extended information extra field holding |values| (APPNOTE
// 4.5.3: only the fields whose header value is 0xFFFFFFFF, in the order
// uncompressed size, compressed size, local header offset); "" if none.
std::string Zip64Extra(const uint64_t* values, size_t n) {
  if (n == 0) return "";
  std::string extra;
  Put16(&extra, kZip64ExtraId);
  Put16(&extra, static_cast<uint16_t>(8 * n));
  for (size_t i = 0; i < n; ++i) Put64(&extra, values[i]);
  return extra;
}

// 4.5 if either header of |e| has a ZIP64 field, else 2.0.
uint16_t VersionNeeded(const ZipEntryInfo& e) {
  const bool zip64 = e.size >= kZip32Limit || e.compressed_size >= kZip32Limit ||
                     e.offset >= kZip32Limit;
  return zip64 ? kZipVersionNeededZip64 : kZipVersionNeeded;
}

// The fields shared by the local and the central header, from "version
// needed" to "extra field length"; |extra| is the header's extra field.
void PutCommon(std::string* out, const ZipEntryInfo& e, DosDateTime when,
               const std::string& extra, bool local) {
  // A local header's ZIP64 field holds both sizes, so both are marked.
  const bool both = local && !extra.empty();
  Put16(out, VersionNeeded(e));
  Put16(out, Flags(e.name));
  Put16(out, e.method);
  Put16(out, when.time);
  Put16(out, when.date);
  Put32(out, e.crc32);
  Put32(out, both ? 0xFFFFFFFFu : Field32(e.compressed_size));
  Put32(out, both ? 0xFFFFFFFFu : Field32(e.size));
  Put16(out, static_cast<uint16_t>(e.name.size()));
  Put16(out, static_cast<uint16_t>(extra.size()));
}

// Days since 1970-01-01 to a civil date (H. Hinnant's days_from_civil,
// inverted), valid for every int64_t day count we pass.
void CivilFromDays(int64_t days, int64_t* year, unsigned* month,
                   unsigned* day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int64_t>(yoe) + era * 400 + (*month <= 2 ? 1 : 0);
}

}  // namespace

DosDateTime DosTimeFromUnix(int64_t t) {
  constexpr int64_t kFirst = 315532800;   // 1980-01-01T00:00:00Z
  constexpr int64_t kLast = 4354819198;   // 2107-12-31T23:59:58Z
  if (t < kFirst) t = kFirst;
  if (t > kLast) t = kLast;
  const int64_t secs = t % 86400;
  int64_t year;
  unsigned month, day;
  CivilFromDays(t / 86400, &year, &month, &day);
  DosDateTime out;
  out.time = static_cast<uint16_t>((secs / 3600) << 11 | (secs / 60 % 60) << 5 |
                                   (secs % 60) / 2);
  out.date = static_cast<uint16_t>((year - 1980) << 9 | month << 5 | day);
  return out;
}

std::string ZipLocalHeader(const ZipEntryInfo& e, DosDateTime when) {
  // APPNOTE 4.5.3: in a local header the ZIP64 field holds both sizes.
  std::string extra;
  if (e.size >= kZip32Limit || e.compressed_size >= kZip32Limit) {
    const uint64_t sizes[2] = {e.size, e.compressed_size};
    extra = Zip64Extra(sizes, 2);
  }
  std::string out;
  out.reserve(30 + e.name.size() + extra.size());
  Put32(&out, kLocalSignature);
  PutCommon(&out, e, when, extra, /*local=*/true);
  out += e.name;
  out += extra;
  return out;
}

std::string ZipCentralHeader(const ZipEntryInfo& e, DosDateTime when) {
  uint64_t values[3];
  size_t n = 0;
  if (e.size >= kZip32Limit) values[n++] = e.size;
  if (e.compressed_size >= kZip32Limit) values[n++] = e.compressed_size;
  if (e.offset >= kZip32Limit) values[n++] = e.offset;
  const std::string extra = Zip64Extra(values, n);
  const uint32_t st_mode = (e.is_dir ? S_IFDIR : S_IFREG) | (e.mode & 07777);
  std::string out;
  out.reserve(46 + e.name.size() + extra.size());
  Put32(&out, kCentralSignature);
  Put16(&out, kZipMadeByUnix | VersionNeeded(e));
  PutCommon(&out, e, when, extra, /*local=*/false);
  Put16(&out, 0);  // comment length
  Put16(&out, 0);  // disk number start
  Put16(&out, 0);  // internal attributes
  Put32(&out, st_mode << 16 | (e.is_dir ? kDosDirectory : 0));
  Put32(&out, Field32(e.offset));
  out += e.name;
  out += extra;
  return out;
}

std::string ZipEndRecords(uint64_t entries, uint64_t cd_offset,
                          uint64_t cd_size) {
  std::string out;
  if (entries >= kZip16Limit || cd_offset >= kZip32Limit ||
      cd_size >= kZip32Limit) {
    const uint64_t zip64_end_offset = cd_offset + cd_size;
    Put32(&out, kZip64EndSignature);
    Put64(&out, 44);  // size of the rest of this record
    Put16(&out, kZipMadeByUnix | kZipVersionNeededZip64);
    Put16(&out, kZipVersionNeededZip64);
    Put32(&out, 0);  // this disk
    Put32(&out, 0);  // disk where the central directory starts
    Put64(&out, entries);  // on this disk
    Put64(&out, entries);  // in total
    Put64(&out, cd_size);
    Put64(&out, cd_offset);
    Put32(&out, kZip64LocatorSignature);
    Put32(&out, 0);  // disk holding the ZIP64 end record
    Put64(&out, zip64_end_offset);
    Put32(&out, 1);  // disks in total
  }
  const uint16_t count16 =
      entries >= kZip16Limit ? 0xFFFF : static_cast<uint16_t>(entries);
  Put32(&out, kEndSignature);
  Put16(&out, 0);  // this disk
  Put16(&out, 0);  // disk where the central directory starts
  Put16(&out, count16);
  Put16(&out, count16);
  Put32(&out, Field32(cd_size));
  Put32(&out, Field32(cd_offset));
  Put16(&out, 0);  // comment length
  return out;
}

}  // namespace pycpack
