#include <gtest/gtest.h>
#include <stdlib.h>

#include <optional>
#include <string>

#include "cache/compile_cache.h"

namespace pycpack {
namespace {

// Sets (or, with nullopt, unsets) an environment variable for the lifetime
// of the object, then restores the previous state.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    Apply(value);
  }
  ~ScopedEnv() { Apply(old_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  void Apply(const std::optional<std::string>& value) {
    if (value) {
      setenv(name_, value->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  const char* name_;
  std::optional<std::string> old_;
};

struct EnvCase {
  std::optional<std::string> xdg, home;
  std::string expected;
};

TEST(DefaultCacheDirTest, Resolution) {
  const EnvCase cases[] = {
      {"/xdg/cache", "/h/u", "/xdg/cache/pycpack"},
      {"/xdg/cache/", "/h/u", "/xdg/cache/pycpack"},
      {"/xdg/cache", std::nullopt, "/xdg/cache/pycpack"},
      {"relative/cache", "/h/u", "/h/u/.cache/pycpack"},
      {"", "/h/u", "/h/u/.cache/pycpack"},
      {std::nullopt, "/h/u", "/h/u/.cache/pycpack"},
      {std::nullopt, "/h/u/", "/h/u/.cache/pycpack"},
      {std::nullopt, "/", "/.cache/pycpack"},
      {std::nullopt, std::nullopt, ""},
      {std::nullopt, "", ""},
      {"relative", "also/relative", ""},
  };
  for (const EnvCase& c : cases) {
    ScopedEnv xdg("XDG_CACHE_HOME", c.xdg);
    ScopedEnv home("HOME", c.home);
    EXPECT_EQ(DefaultCacheDir(), c.expected)
        << "XDG_CACHE_HOME=" << c.xdg.value_or("<unset>")
        << " HOME=" << c.home.value_or("<unset>");
  }
}

TEST(DefaultCacheDirTest, EnvironmentIsRestored) {
  const char* before = getenv("HOME");
  std::optional<std::string> saved;
  if (before) saved = before;
  {
    ScopedEnv home("HOME", "/somewhere/else");
    EXPECT_STREQ(getenv("HOME"), "/somewhere/else");
  }
  const char* after = getenv("HOME");
  ASSERT_EQ(after != nullptr, saved.has_value());
  if (after) {
    EXPECT_EQ(std::string(after), *saved);
  }
}

}  // namespace
}  // namespace pycpack
