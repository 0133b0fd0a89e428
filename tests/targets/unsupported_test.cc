// Which interpreters pycpack refuses as targets, and how it says so: the
// rule (UnsupportedReason) on interpreter descriptions, and the whole probe
// on a fake CPython 3.16 (tests/targets/fake_cpython316.py: the real Python
// with what the probe reads patched), so the probe program itself is seen
// coping with an unknown version.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "../fs/temp_dir.h"
#include "marshal/layout.h"
#include "targets/target.h"

namespace pycpack {
namespace {

InterpreterInfo CPython(int minor, uint16_t magic, std::string version = "") {
  InterpreterInfo info;
  info.implementation = "cpython";
  info.major = 3;
  info.minor = minor;
  info.version = version.empty() ? "3." + std::to_string(minor) + ".1" : version;
  info.cache_tag = "cpython-3" + std::to_string(minor);
  info.magic = {static_cast<char>(magic & 0xff), static_cast<char>(magic >> 8), '\r', '\n'};
  return info;
}

const std::string kRange = "3.8\xe2\x80\x93" "3.15";

TEST(UnsupportedReasonTest, EverySupportedVersionIsAccepted) {
  const std::pair<int, uint16_t> finals[] = {{8, 3413},  {9, 3425},  {10, 3439}, {11, 3495},
                                             {12, 3531}, {13, 3571}, {14, 3627}, {15, 3666}};
  for (auto [minor, magic] : finals) {
    EXPECT_EQ(UnsupportedReason(CPython(minor, magic), true), "") << "3." << minor;
  }
  EXPECT_EQ(marshal::SupportedPythonRange(), kRange);
}

// Regression: a 3.16 alpha got "cannot write hash-based pycs with a cache
// tag" or "unknown magic number"; it is newer than pycpack knows.
TEST(UnsupportedReasonTest, ANewerVersionIsNamedAsNewer) {
  const std::string newer = "is newer than this pycpack supports (" + kRange + ")";
  EXPECT_EQ(UnsupportedReason(CPython(16, 3700, "3.16.0a1"), true), newer);
  // An alpha that has not changed the magic number yet.
  EXPECT_EQ(UnsupportedReason(CPython(16, marshal::NewestKnownMagic(), "3.16.0a0"), true),
            newer);
  // An unknown magic above the newest, whatever the version claims; also
  // before any check of what the interpreter lacks.
  EXPECT_EQ(UnsupportedReason(CPython(15, marshal::NewestKnownMagic() + 1), true), newer);
  InterpreterInfo bare = CPython(16, 3700);
  bare.cache_tag.clear();
  EXPECT_EQ(UnsupportedReason(bare, false), newer);
}

TEST(UnsupportedReasonTest, OlderAndIncapableInterpretersKeepTheirReasons) {
  EXPECT_EQ(UnsupportedReason(CPython(7, 3394), true).rfind("is not supported: unknown magic number 3394", 0),
            0u);
  EXPECT_EQ(UnsupportedReason(CPython(11, 3460), true)
                .rfind("is not supported: magic number 3460 is a pre-release of Python 3.11", 0),
            0u);
  const std::string no_hash = "cannot write hash-based pycs with a cache tag";
  EXPECT_EQ(UnsupportedReason(CPython(14, 3627), false), no_hash);
  InterpreterInfo no_tag = CPython(14, 3627);
  no_tag.cache_tag.clear();
  EXPECT_EQ(UnsupportedReason(no_tag, true), no_hash);
  InterpreterInfo bad_magic = CPython(14, 3627);
  bad_magic.magic[3] = 'x';
  EXPECT_EQ(UnsupportedReason(bad_magic, true), no_hash);
  InterpreterInfo pypy = CPython(10, 3439);
  pypy.implementation = "pypy";
  pypy.cache_tag = "pypy310";
  EXPECT_NE(UnsupportedReason(pypy, true).find("marshal format of its own (cache tag pypy310)"),
            std::string::npos);
}

TEST(ProbeTargetTest, AFakeCPython316IsRefusedInOneLine) {
  TempDir dir;
  const std::string fake = dir / "python3.16";
  {
    std::ofstream out(fake);
    out << "#!/bin/sh\nexec '" << PYCPACK_TEST_PYTHON << "' -I '" << PYCPACK_SOURCE_DIR
        << "/tests/targets/fake_cpython316.py' \"$@\"\n";
  }
  ASSERT_EQ(chmod(fake.c_str(), 0755), 0);
  InterpreterInfo embedded = CPython(11, 3495);
  Result<Target> t = ProbeTarget({"x", fake, "targets[1]"}, embedded, "/");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), ErrorCode::kUsage);
  EXPECT_EQ(t.status().message(),
            "target \"x\" (targets[1]): CPython 3.16 (3.16.0a1, '" + fake +
                "') is newer than this pycpack supports (" + kRange + ")");
}

}  // namespace
}  // namespace pycpack
