// Runs libarchive in a fixed locale: libarchive converts names between the
// current locale's character set and the formats' (UTF-8 in pax headers and
// zip), and decides the zip UTF-8 flag from it, so without this the bytes of
// an archive with non-ASCII names would depend on LANG/LC_ALL.
#ifndef PYCPACK_ARCHIVE_UTF8_LOCALE_H_
#define PYCPACK_ARCHIVE_UTF8_LOCALE_H_

#include <locale.h>

namespace pycpack {

// Switches the calling thread (uselocale, not the process) to C.UTF-8 for
// the object's lifetime. Where C.UTF-8 is missing the locale is unchanged.
class ScopedUtf8Locale {
 public:
  ScopedUtf8Locale();
  ~ScopedUtf8Locale();
  ScopedUtf8Locale(const ScopedUtf8Locale&) = delete;
  ScopedUtf8Locale& operator=(const ScopedUtf8Locale&) = delete;

 private:
  locale_t previous_ = nullptr;
};

}  // namespace pycpack

#endif  // PYCPACK_ARCHIVE_UTF8_LOCALE_H_
