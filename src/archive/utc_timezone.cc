#include "archive/utc_timezone.h"

#include <stdlib.h>
#include <time.h>

#include <mutex>
#include <optional>
#include <string>

namespace pycpack {
namespace {

struct Saved {
  std::mutex mu;
  int holders = 0;
  std::optional<std::string> tz;  // TZ before the first holder; nullopt: unset
};

Saved& State() {
  static Saved saved;
  return saved;
}

}  // namespace

ScopedUtcTimezone::ScopedUtcTimezone() {
  Saved& s = State();
  std::lock_guard<std::mutex> lock(s.mu);
  if (s.holders++ > 0) return;
  const char* tz = getenv("TZ");
  s.tz = tz ? std::optional<std::string>(tz) : std::nullopt;
  setenv("TZ", "UTC0", 1);
  tzset();
}

ScopedUtcTimezone::~ScopedUtcTimezone() {
  Saved& s = State();
  std::lock_guard<std::mutex> lock(s.mu);
  if (--s.holders > 0) return;
  if (s.tz) {
    setenv("TZ", s.tz->c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
}

}  // namespace pycpack
