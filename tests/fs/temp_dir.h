// A fresh directory under $TMPDIR (or /tmp), removed with its content when
// the object goes out of scope; and $TMPDIR pointed elsewhere for a while.
#ifndef PYCPACK_TESTS_FS_TEMP_DIR_H_
#define PYCPACK_TESTS_FS_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace pycpack {

class TempDir {
 public:
  TempDir() {
    const char* base = getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") +
                        "/pycpack-test-XXXXXX";
    if (mkdtemp(templ.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed for " + templ);
    }
    path_ = templ;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // |name| below the directory.
  std::string operator/(const std::string& name) const {
    return path_ + "/" + name;
  }

 private:
  std::string path_;
};

// Sets $TMPDIR to |dir| (created if missing) until it goes out of scope,
// then restores it, so that a test can see what code under test leaves in
// its temporary directory.
class ScopedTmpdir {
 public:
  explicit ScopedTmpdir(const std::string& dir) {
    if (const char* old = getenv("TMPDIR")) old_ = old;
    std::filesystem::create_directories(dir);
    setenv("TMPDIR", dir.c_str(), 1);
  }
  ~ScopedTmpdir() {
    if (old_) {
      setenv("TMPDIR", old_->c_str(), 1);
    } else {
      unsetenv("TMPDIR");
    }
  }
  ScopedTmpdir(const ScopedTmpdir&) = delete;
  ScopedTmpdir& operator=(const ScopedTmpdir&) = delete;

 private:
  std::optional<std::string> old_;
};

}  // namespace pycpack

#endif  // PYCPACK_TESTS_FS_TEMP_DIR_H_
