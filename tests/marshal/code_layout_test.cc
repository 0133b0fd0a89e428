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

std::string ErrorFor(uint16_t magic) {
  Result<const CodeLayout*> l = CodeLayoutForMagic(magic);
  return l.ok() ? "accepted" : l.status().message();
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
  EXPECT_EQ(PythonFor(3599), "error");
  EXPECT_EQ(PythonFor(3600), "3.14");  // 3.14a1: the 3.13 fields
  EXPECT_EQ(PythonFor(3608), "3.14");  // slices in marshal
  EXPECT_EQ(PythonFor(3627), "3.14");  // 3.14rc3 and the final releases
  EXPECT_EQ(PythonFor(3628), "error");
  EXPECT_EQ(PythonFor(3649), "error");
  EXPECT_EQ(PythonFor(3650), "3.15");
  EXPECT_EQ(PythonFor(3666), "3.15");
  EXPECT_EQ(PythonFor(3667), "error");
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

TEST(CodeLayoutTest, NewerVersionsShareThe313Fields) {
  const CodeLayout& v313 = **CodeLayoutForMagic(3571);
  for (uint16_t magic : {3627, 3666}) {
    const CodeLayout& l = **CodeLayoutForMagic(magic);
    ASSERT_EQ(l.fields.size(), v313.fields.size());
    for (size_t i = 0; i < l.fields.size(); ++i) {
      EXPECT_STREQ(l.fields[i].name, v313.fields[i].name) << magic;
      EXPECT_EQ(l.fields[i].kind, v313.fields[i].kind) << magic;
      EXPECT_EQ(l.fields[i].intern, v313.fields[i].intern) << magic;
    }
  }
}

TEST(CodeLayoutTest, MarshalVersionAndDocstringFlag) {
  EXPECT_EQ((*CodeLayoutForMagic(3571))->marshal_version, 4);
  EXPECT_EQ((*CodeLayoutForMagic(3627))->marshal_version, 5);
  EXPECT_EQ((*CodeLayoutForMagic(3666))->marshal_version, 6);
  EXPECT_EQ((*CodeLayoutForMagic(3571))->has_docstring_flag, 0);
  EXPECT_EQ((*CodeLayoutForMagic(3627))->has_docstring_flag, 0x4000000);
  EXPECT_EQ((*CodeLayoutForMagic(3666))->has_docstring_flag, 0x4000000);
}

TEST(CodeLayoutTest, OpcodesOf314And315) {
  const Opcodes& v314 = (*CodeLayoutForMagic(3627))->opcodes;
  EXPECT_EQ(v314.load_assertion_error, -1);
  EXPECT_EQ(v314.load_common_constant, 81);
  EXPECT_EQ(v314.store_name, 116);
  EXPECT_EQ(v314.raise_varargs, 104);
  EXPECT_EQ(v314.extended_arg, 69);
  const Opcodes& v315 = (*CodeLayoutForMagic(3666))->opcodes;
  EXPECT_EQ(v315.load_assertion_error, -1);
  EXPECT_EQ(v315.load_common_constant, 80);
  EXPECT_EQ(v315.store_name, 115);
  EXPECT_EQ(v315.raise_varargs, 103);
  EXPECT_EQ(v315.extended_arg, 67);
  EXPECT_EQ((*CodeLayoutForMagic(3571))->opcodes.load_common_constant, -1);
}

TEST(CodeLayoutTest, SupportedRangeAndNewestMagic) {
  EXPECT_EQ(SupportedPythonRange(), "3.8\u2013" "3.15");
  EXPECT_EQ(NewestKnownMagic(), 3666);
  EXPECT_EQ(PythonFor(NewestKnownMagic()), AllCodeLayouts().back().python);
}

TEST(CodeLayoutTest, NewerMagicIsOneClearLine) {
  EXPECT_EQ(ErrorFor(3700),
            "magic number 3700 is newer than this pycpack supports (CPython 3.8\u2013" "3.15)");
  EXPECT_EQ(ErrorFor(3667).substr(0, 36), "magic number 3667 is newer than this");
  // Python 2 magics are larger numbers but not newer.
  EXPECT_EQ(ErrorFor(62211).substr(0, 27), "unknown magic number 62211 ");
  // Unknown gaps and older versions keep the full list.
  EXPECT_EQ(ErrorFor(3640).substr(0, 38), "unknown magic number 3640 (supported: ");
  EXPECT_NE(ErrorFor(3394).find("3.15 3650-3666)"), std::string::npos);
  EXPECT_NE(ErrorFor(3460).find("is a pre-release of Python 3.11"), std::string::npos);
}

}  // namespace
}  // namespace pycpack::marshal
