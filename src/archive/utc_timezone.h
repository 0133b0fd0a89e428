// Pins the process's time zone to UTC.
//
// libarchive's zip writer turns each entry's mtime into the MS-DOS date and
// time of the zip headers with localtime(), so the same entries would give
// different bytes under different TZ settings; the Unix time it also stores
// (the "UT" extra field) is not affected. libarchive offers no option for
// this, and the time zone is process-wide state, so the zip writer holds a
// ScopedUtcTimezone while it writes.
#ifndef PYCPACK_ARCHIVE_UTC_TIMEZONE_H_
#define PYCPACK_ARCHIVE_UTC_TIMEZONE_H_

namespace pycpack {

// While at least one instance exists, TZ is "UTC0" (a POSIX rule that needs
// no time zone files) and tzset() has applied it; when the last one goes
// away, the previous TZ (or its absence) is restored and applied.
// REQUIRES: no other thread reads or changes the environment or the time
// zone (getenv, setenv, localtime, ...) while an instance is created or
// destroyed; instances themselves may be used from several threads.
class ScopedUtcTimezone {
 public:
  ScopedUtcTimezone();
  ~ScopedUtcTimezone();
  ScopedUtcTimezone(const ScopedUtcTimezone&) = delete;
  ScopedUtcTimezone& operator=(const ScopedUtcTimezone&) = delete;
};

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_UTC_TIMEZONE_H_
