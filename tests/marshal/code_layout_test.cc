// The magic number table.
#include "marshal/layout.h"

#include <gtest/gtest.h>

#include <string>

namespace pycpack::marshal {
namespace {

std::string PythonFor(uint16_t magic) {
  Result<const CodeLayout*> l = CodeLayoutForMagic(magic);
  return l.ok() ? (*l)->python : "error";
}

TEST(CodeLayoutTest, RangesMatchTheMagicHistory) {
  EXPECT_EQ(PythonFor(3409), "error");  // 3.8 before PEP 570
  EXPECT_EQ(PythonFor(3410), "3.8");
  EXPECT_EQ(PythonFor(3413), "3.8");
  EXPECT_EQ(PythonFor(3414), "error");
  EXPECT_EQ(PythonFor(3420), "3.9");
  EXPECT_EQ(PythonFor(3425), "3.9");
  EXPECT_EQ(PythonFor(3430), "3.10");
  EXPECT_EQ(PythonFor(3439), "3.10");
  EXPECT_EQ(PythonFor(3493), "error");  // 3.11 alpha layouts
  EXPECT_EQ(PythonFor(3494), "3.11");
  EXPECT_EQ(PythonFor(3495), "3.11");
  EXPECT_EQ(PythonFor(3500), "3.12");
  EXPECT_EQ(PythonFor(3531), "3.12");
  EXPECT_EQ(PythonFor(3550), "3.13");
  EXPECT_EQ(PythonFor(3571), "3.13");
  EXPECT_EQ(PythonFor(3572), "error");
  EXPECT_EQ(PythonFor(0), "error");
}

TEST(CodeLayoutTest, FieldsPerVersion) {
  for (const CodeLayout& l : AllCodeLayouts()) {
    const std::string py = l.python;
    int ints = 0;
    for (const CodeField& f : l.fields) ints += f.kind == FieldKind::kInt;
    EXPECT_EQ(l.fields.size(), 16u) << py;
    // co_nlocals left the marshal format in 3.11.
    EXPECT_EQ(ints, (py == "3.8" || py == "3.9" || py == "3.10") ? 7 : 6) << py;
    EXPECT_STREQ(l.fields[0].name, "co_argcount");
  }
}

}  // namespace
}  // namespace pycpack::marshal
