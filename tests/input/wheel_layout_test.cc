// PlanWheelLayout and CheckWheelMetadata on member lists: where members go
// and every rule that refuses a wheel.
#include "input/wheel_layout.h"

#include <gtest/gtest.h>

namespace pycpack {
namespace {

ArchiveMember F(std::string name) {
  return {std::move(name), FileType::kRegular};
}
ArchiveMember D(std::string name) {
  return {std::move(name), FileType::kDirectory};
}

// A minimal wheel plus |extra| members.
std::vector<ArchiveMember> Wheel(std::vector<ArchiveMember> extra) {
  std::vector<ArchiveMember> m = {
      F("demo/__init__.py"), F("demo-1.0.dist-info/METADATA"),
      F("demo-1.0.dist-info/WHEEL"), F("demo-1.0.dist-info/RECORD")};
  m.insert(m.end(), extra.begin(), extra.end());
  return m;
}

std::string ErrorOf(const std::vector<ArchiveMember>& members) {
  Result<WheelLayout> layout = PlanWheelLayout(members);
  return layout.ok() ? "OK" : layout.status().message();
}

TEST(WheelLayoutTest, TopStaysDistInfoIsKeptPurelibAndPlatlibAreMerged) {
  Result<WheelLayout> layout = PlanWheelLayout(Wheel(
      {D("demo/sub/"), F("demo/sub/x.py"), D("demo-1.0.data/"),
       D("demo-1.0.data/purelib/"), D("demo-1.0.data/purelib/demo/"),
       F("demo-1.0.data/purelib/demo/pure.py"),
       F("demo-1.0.data/platlib/demo_plat.py"),
       F("demo-1.0.data/purelib/top.data"), D("demo-1.0.data/scripts/")}));
  ASSERT_TRUE(layout.ok()) << layout.status().message();
  EXPECT_EQ(layout->dist_info, "demo-1.0.dist-info");
  const std::map<std::string, std::string> expected = {
      {"demo/__init__.py", "demo/__init__.py"},
      {"demo-1.0.dist-info/METADATA", "demo-1.0.dist-info/METADATA"},
      {"demo-1.0.dist-info/WHEEL", "demo-1.0.dist-info/WHEEL"},
      {"demo-1.0.dist-info/RECORD", "demo-1.0.dist-info/RECORD"},
      {"demo/sub/", "demo/sub"},
      {"demo/sub/x.py", "demo/sub/x.py"},
      {"demo-1.0.data/", ""},
      {"demo-1.0.data/purelib/", ""},
      {"demo-1.0.data/purelib/demo/", "demo"},
      {"demo-1.0.data/purelib/demo/pure.py", "demo/pure.py"},
      {"demo-1.0.data/platlib/demo_plat.py", "demo_plat.py"},
      {"demo-1.0.data/purelib/top.data", "top.data"},
      {"demo-1.0.data/scripts/", ""}};
  EXPECT_EQ(layout->placement, expected);
}

TEST(WheelLayoutTest, UnsafeNames) {
  EXPECT_EQ(ErrorOf(Wheel({F("../x.py")})),
            "entry '../x.py': name with a '..' component");
  EXPECT_EQ(ErrorOf(Wheel({F("demo/../../x.py")})),
            "entry 'demo/../../x.py': name with a '..' component");
  EXPECT_EQ(ErrorOf(Wheel({F("/etc/x")})), "entry '/etc/x': absolute name");
  EXPECT_EQ(ErrorOf(Wheel({F("")})), "entry '': empty name");
  EXPECT_EQ(ErrorOf(Wheel({F("demo//x.py")})),
            "entry 'demo//x.py': name with an empty or '.' component");
  EXPECT_EQ(ErrorOf(Wheel({F("./demo/x.py")})),
            "entry './demo/x.py': name with an empty or '.' component");
  EXPECT_EQ(ErrorOf(Wheel({F("demo/x.py/")})),
            "entry 'demo/x.py/': name with an empty or '.' component");
  EXPECT_EQ(ErrorOf(Wheel({D("demo/")})), "OK");
}

TEST(WheelLayoutTest, OnlyFilesAndDirectories) {
  EXPECT_EQ(ErrorOf(Wheel({{"demo/link.py", FileType::kSymlink}})),
            "entry 'demo/link.py': a symlink; a wheel may hold only regular "
            "files and directories");
  EXPECT_EQ(ErrorOf(Wheel({{"demo/fifo", FileType::kOther}})),
            "entry 'demo/fifo': neither a regular file nor a directory; a "
            "wheel may hold only those");
}

TEST(WheelLayoutTest, NoNameTwice) {
  EXPECT_EQ(ErrorOf(Wheel({F("demo/__init__.py")})),
            "entry 'demo/__init__.py': appears twice in the wheel");
  EXPECT_EQ(ErrorOf(Wheel({D("demo/"), D("demo/")})),
            "entry 'demo/': appears twice in the wheel");
  EXPECT_EQ(ErrorOf(Wheel({F("demo/x"), D("demo/x/")})),
            "entry 'demo/x/': appears twice in the wheel");
}

TEST(WheelLayoutTest, ExactlyOneDistInfoWithAWheelFile) {
  EXPECT_EQ(ErrorOf({F("demo/__init__.py")}),
            "no top-level <name>-<version>.dist-info directory: not a wheel");
  EXPECT_EQ(ErrorOf({F("demo/__init__.py"), F("demo/x-1.dist-info/WHEEL")}),
            "no top-level <name>-<version>.dist-info directory: not a wheel");
  EXPECT_EQ(ErrorOf(Wheel({F("other-2.0.dist-info/WHEEL")})),
            "several .dist-info directories ('demo-1.0.dist-info', "
            "'other-2.0.dist-info'); a wheel has exactly one");
  EXPECT_EQ(ErrorOf(Wheel({D("zz-1.dist-info/")})),
            "several .dist-info directories ('demo-1.0.dist-info', "
            "'zz-1.dist-info'); a wheel has exactly one");
  EXPECT_EQ(ErrorOf({F("demo.dist-info/WHEEL")}),
            "'demo.dist-info' is not named <name>-<version>.dist-info");
  EXPECT_EQ(ErrorOf({F("demo-.dist-info/WHEEL")}),
            "'demo-.dist-info' is not named <name>-<version>.dist-info");
  EXPECT_EQ(ErrorOf({F("demo-1.0.dist-info/METADATA")}),
            "'demo-1.0.dist-info' has no WHEEL file");
  EXPECT_EQ(ErrorOf({F("demo-1.0.dist-info/METADATA"),
                     D("demo-1.0.dist-info/WHEEL/")}),
            "'demo-1.0.dist-info' has no WHEEL file");
}

TEST(WheelLayoutTest, DataOutsidePurelibAndPlatlibIsRefused) {
  for (const char* category : {"scripts", "headers", "data"}) {
    std::string name = std::string("demo-1.0.data/") + category + "/thing";
    EXPECT_EQ(ErrorOf(Wheel({F(name)})),
              "entry '" + name + "': the files of .data/" + category +
                  " install outside site-packages, so a site-packages tree "
                  "cannot hold them (only .data/purelib and .data/platlib "
                  "can be shipped)");
  }
  EXPECT_EQ(ErrorOf(Wheel({F("demo-1.0.data/other/x")})),
            "entry 'demo-1.0.data/other/x': unknown .data category 'other' "
            "(a wheel has purelib, platlib, scripts, headers and data)");
  EXPECT_EQ(ErrorOf(Wheel({F("demo-1.0.data/README")})),
            "entry 'demo-1.0.data/README': a file directly in the .data "
            "directory (its files belong in purelib, platlib, scripts, "
            "headers or data)");
  EXPECT_EQ(ErrorOf(Wheel({F("demo-1.0.data/purelib")})),
            "entry 'demo-1.0.data/purelib': a file where .data/purelib "
            "should be a directory");
  EXPECT_EQ(ErrorOf(Wheel({F("demo-1.0.data/platlib/x-1.dist-info/WHEEL")})),
            "entry 'demo-1.0.data/platlib/x-1.dist-info/WHEEL': "
            ".data/platlib may not hold a .dist-info directory");
  EXPECT_EQ(ErrorOf(Wheel({F("other-1.0.data/purelib/x.py")})),
            "entry 'other-1.0.data/purelib/x.py': 'other-1.0.data' is not "
            "the wheel's .data directory ('demo-1.0.data')");
}

TEST(WheelLayoutTest, NoTwoMembersAtOnePlace) {
  EXPECT_EQ(ErrorOf(Wheel({F("demo-1.0.data/purelib/demo/__init__.py")})),
            "entry 'demo-1.0.data/purelib/demo/__init__.py': goes to "
            "'demo/__init__.py', where entry 'demo/__init__.py' goes too");
  EXPECT_EQ(ErrorOf(Wheel({F("demo-1.0.data/purelib/x.py"),
                           F("demo-1.0.data/platlib/x.py")})),
            "entry 'demo-1.0.data/platlib/x.py': goes to 'x.py', where entry "
            "'demo-1.0.data/purelib/x.py' goes too");
  EXPECT_EQ(ErrorOf(Wheel({F("demo-1.0.data/purelib/demo")})),
            "entry 'demo/__init__.py': goes below 'demo', which entry "
            "'demo-1.0.data/purelib/demo' makes a file");
  // Directories merge.
  EXPECT_EQ(ErrorOf(Wheel({D("demo/"), D("demo-1.0.data/purelib/demo/")})),
            "OK");
}

TEST(WheelLayoutTest, EscapesAreUnsafeMalformedWheelsAreIoErrors) {
  EXPECT_EQ(PlanWheelLayout(Wheel({F("../x.py")})).status().code(),
            ErrorCode::kUnsafe);
  EXPECT_EQ(PlanWheelLayout(Wheel({F("demo/__init__.py")})).status().code(),
            ErrorCode::kUnsafe);
  EXPECT_EQ(
      PlanWheelLayout(Wheel({F("demo-1.0.data/purelib/demo")})).status().code(),
      ErrorCode::kUnsafe);
  EXPECT_EQ(PlanWheelLayout({F("x.py")}).status().code(), ErrorCode::kIo);
  EXPECT_EQ(
      PlanWheelLayout(Wheel({F("demo-1.0.data/scripts/x")})).status().code(),
      ErrorCode::kIo);
}

TEST(WheelMetadataTest, WheelVersionOneOnly) {
  EXPECT_TRUE(CheckWheelMetadata("Wheel-Version: 1.0\nGenerator: x\n").ok());
  EXPECT_TRUE(CheckWheelMetadata("Generator: x\r\nwheel-version:1.9\r\n").ok());
  EXPECT_TRUE(CheckWheelMetadata("Wheel-Version: 1").ok());
  Status s = CheckWheelMetadata("Wheel-Version: 2.0\n");
  EXPECT_EQ(s.code(), ErrorCode::kIo);
  EXPECT_EQ(s.message(),
            "Wheel-Version 2.0 is not supported (this pycpack reads 1.x)");
  EXPECT_EQ(CheckWheelMetadata("Wheel-Version: 10.0\n").message(),
            "Wheel-Version 10.0 is not supported (this pycpack reads 1.x)");
  EXPECT_EQ(CheckWheelMetadata("Generator: x\n").message(), "no Wheel-Version");
  EXPECT_EQ(CheckWheelMetadata("").message(), "no Wheel-Version");
}

TEST(WheelFileNameTest, NameAndVersionMustMatchTheDistInfoAsNormalised) {
  EXPECT_TRUE(CheckWheelFileName("demo-1.0-py3-none-any.whl", "demo-1.0.dist-info").ok());
  // Names compare as the specification normalises them; a build tag is fine.
  EXPECT_TRUE(CheckWheelFileName("Foo_Bar-2.0rc1-1-cp311-cp311-linux_x86_64.whl",
                                 "foo.bar-2.0RC1.dist-info")
                  .ok());
  EXPECT_TRUE(CheckWheelFileName("zope.interface-5.4-py3-none-any.whl",
                                 "zope_interface-5.4.dist-info")
                  .ok());
  Status other = CheckWheelFileName("demo-1.0-py3-none-any.whl", "evil-1.0.dist-info");
  EXPECT_EQ(other.code(), ErrorCode::kIo);
  EXPECT_EQ(other.message(),
            "the file name says demo 1.0, but the wheel holds evil-1.0.dist-info (evil 1.0)");
  EXPECT_FALSE(CheckWheelFileName("demo-1.1-py3-none-any.whl", "demo-1.0.dist-info").ok());
  Status shape = CheckWheelFileName("demo-1.0.whl", "demo-1.0.dist-info");
  EXPECT_NE(shape.message().find("is not <name>-<version>"), std::string::npos);
}

}  // namespace
}  // namespace pycpack
