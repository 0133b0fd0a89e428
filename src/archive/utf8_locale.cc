#include "archive/utf8_locale.h"

#include <initializer_list>

namespace pycpack {
namespace {

// The C.UTF-8 locale, created once and kept for the life of the process;
// nullptr if the system has none.
locale_t Utf8Locale() {
  static const locale_t kLocale = [] {
    for (const char* name : {"C.UTF-8", "C.utf8", "en_US.UTF-8"}) {
      locale_t loc = newlocale(LC_ALL_MASK, name, static_cast<locale_t>(0));
      if (loc != static_cast<locale_t>(0)) return loc;
    }
    return static_cast<locale_t>(0);
  }();
  return kLocale;
}

}  // namespace

ScopedUtf8Locale::ScopedUtf8Locale() {
  if (locale_t loc = Utf8Locale()) previous_ = uselocale(loc);
}

ScopedUtf8Locale::~ScopedUtf8Locale() {
  if (previous_ != nullptr) uselocale(previous_);
}

}  // namespace pycpack
