// Evidence read from real pycs of every CPython 3.8-3.15 (testdata/inspect)
// and from hand-made code objects.
#include "inspect/evidence.h"

#include <gtest/gtest.h>

#include "pycpack/pyc.h"
#include "marshal/code_view.h"
#include "marshal/layout.h"
#include "marshal/reader.h"
#include "marshal_builder.h"
#include "samples.h"

namespace pycpack::inspect {
namespace {

using namespace pycpack::marshal_test;  // NOLINT: the builder's vocabulary

Result<CodeEvidence> EvidenceOf(std::string_view marshal, uint16_t magic) {
  Result<const marshal::CodeLayout*> layout = marshal::CodeLayoutForMagic(magic);
  if (!layout.ok()) return layout.status();
  Result<marshal::ObjectGraph> graph = marshal::ReadMarshal(marshal, **layout, 0);
  if (!graph.ok()) return graph.status();
  return ReadCodeEvidence(*graph);
}

TEST(EvidenceTest, RealPycsOfEveryVersion) {
  ASSERT_EQ(inspect_test::Expected()["pycs"].size(), 40u);  // 5 per version, 3.8-3.15
  for (const auto& [rel, want] : inspect_test::Expected()["pycs"].items()) {
    SCOPED_TRACE(rel);
    const bool py38 = want["python"] == "3.8";
    const std::string pyc = inspect_test::ReadSample(rel);
    ASSERT_GT(pyc.size(), kPycHeaderSize);
    Result<CodeEvidence> e =
        EvidenceOf(pyc.substr(kPycHeaderSize), inspect_test::VersionOf(want)["magic"]);
    ASSERT_TRUE(e.ok()) << e.status().message();
    EXPECT_EQ(e->co_filename, want["co_filename"].get<std::string>());
    EXPECT_EQ(e->docstrings, want["docstrings"] ? Found::kPresent : Found::kAbsent);
    // 3.8 compiles an assert to a raise of the global AssertionError, which
    // explicit_raise.py does too: both are only "possible".
    const bool raises = want["asserts"] || rel.find("explicit_raise") != std::string::npos;
    const Found asserts = py38 ? (raises ? Found::kPossible : Found::kAbsent)
                               : (want["asserts"] ? Found::kPresent : Found::kAbsent);
    EXPECT_EQ(e->asserts, asserts);
  }
}

TEST(EvidenceTest, CodeObjectsAreVisitedOnceRootFirst) {
  CodeParts inner;
  inner.name = Str("f");
  CodeParts outer;
  const std::string f = Code311(inner);
  outer.consts = Tuple({Flag(f), Ref(0), None()});  // the same code twice
  Result<const marshal::CodeLayout*> layout = marshal::CodeLayoutForMagic(kMagic311);
  Result<marshal::ObjectGraph> graph = marshal::ReadMarshal(Code311(outer), **layout, 0);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  std::vector<marshal::NodeId> codes = marshal::CodeObjects(*graph);
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(codes[0], graph->root);
  EXPECT_EQ(marshal::CodeView(*graph, codes[1]).Text("co_name"), "f");
}

// A 3.11 module whose co_code is |code| and whose names are |names|.
std::string Module311(std::string code, std::string names) {
  CodeParts p;
  p.code = Bytes(code);
  p.names = std::move(names);
  return Code311(p);
}

// One instruction: opcode and argument byte.
std::string Op(int opcode, int arg) {
  return {static_cast<char>(opcode), static_cast<char>(arg)};
}

constexpr int kLoadConst = 100;  // 3.9-3.12
constexpr int kLoadName = 101;
constexpr int kReturnValue = 83;
constexpr int kStoreName = 90;
constexpr int kExtendedArg = 144;
constexpr int kLoadAssertionError = 74;
constexpr int kLoadAssertionError313 = 23;

TEST(EvidenceTest, StoringDocNeedsStoreNameOfThatName) {
  Result<CodeEvidence> e = EvidenceOf(
      Module311(Op(kLoadConst, 0) + Op(kStoreName, 0), Tuple({Str("__doc__")})), kMagic311);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->docstrings, Found::kPresent);
  // Storing another name, or only reading __doc__, is not a docstring.
  e = EvidenceOf(Module311(Op(kLoadConst, 0) + Op(kStoreName, 1),
                           Tuple({Str("__doc__"), Str("x")})),
                 kMagic311);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->docstrings, Found::kAbsent);
  e = EvidenceOf(Module311(Op(kLoadName, 0), Tuple({Str("__doc__")})), kMagic311);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->docstrings, Found::kAbsent);
}

TEST(EvidenceTest, ExtendedArgReachesNamesPast255) {
  std::string names = "(" + U32(257);
  for (int i = 0; i < 256; ++i) names += Str("n" + std::to_string(i));
  names += Str("__doc__");  // index 256
  Result<CodeEvidence> e =
      EvidenceOf(Module311(Op(kExtendedArg, 1) + Op(kStoreName, 0), names), kMagic311);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->docstrings, Found::kPresent);
  e = EvidenceOf(Module311(Op(kStoreName, 0), names), kMagic311);  // stores n0
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->docstrings, Found::kAbsent);
}

TEST(EvidenceTest, OpcodesAreReadAtEvenOffsetsOnly) {
  // LOAD_CONST 74: 74 is an argument here, not LOAD_ASSERTION_ERROR.
  Result<CodeEvidence> e = EvidenceOf(
      Module311(Op(kLoadConst, kLoadAssertionError) + Op(kReturnValue, 0), Tuple({})), kMagic311);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->asserts, Found::kAbsent);
  e = EvidenceOf(Module311(Op(kLoadAssertionError, 0), Tuple({})), kMagic311);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->asserts, Found::kPresent);
  // 3.13 renumbered it; 74 is another instruction there.
  e = EvidenceOf(Module311(Op(kLoadAssertionError, 0), Tuple({})), kMagic313);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->asserts, Found::kAbsent);
  e = EvidenceOf(Module311(Op(kLoadAssertionError313, 0), Tuple({})), kMagic313);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->asserts, Found::kPresent);
}

// 3.14 and 3.15: an assert is LOAD_COMMON_CONSTANT 0 (AssertionError).
TEST(EvidenceTest, LoadCommonConstantZeroIsAnAssert) {
  struct Case {
    uint16_t magic;
    int load_common_constant;
  };
  for (const Case& c : {Case{kMagic314, 81}, Case{kMagic315, 80}}) {
    SCOPED_TRACE(c.magic);
    Result<CodeEvidence> e = EvidenceOf(Module311(Op(c.load_common_constant, 0), Tuple({})), c.magic);
    ASSERT_TRUE(e.ok()) << e.status().message();
    EXPECT_EQ(e->asserts, Found::kPresent);
    // Argument 1 is NotImplementedError, not an assert.
    e = EvidenceOf(Module311(Op(c.load_common_constant, 1), Tuple({})), c.magic);
    ASSERT_TRUE(e.ok()) << e.status().message();
    EXPECT_EQ(e->asserts, Found::kAbsent);
    // The 3.13 opcode means something else here.
    e = EvidenceOf(Module311(Op(kLoadAssertionError313, 0), Tuple({})), c.magic);
    ASSERT_TRUE(e.ok()) << e.status().message();
    EXPECT_EQ(e->asserts, Found::kAbsent);
  }
}

// A module whose only constant is a function with |flags| and first
// constant |first|.
std::string ModuleWithFunction(int32_t flags, std::string first) {
  CodeParts f;
  f.name = Str("f");
  f.qualname = Str("f");
  f.consts = Tuple({std::move(first)});
  std::string code = Code311(f);
  code.replace(17, 4, U32(static_cast<uint32_t>(flags)));  // 'c', 4 ints, co_flags
  CodeParts m;
  m.consts = Tuple({code, None()});
  return Code311(m);
}

TEST(EvidenceTest, DocstringFlagFrom314) {
  constexpr int32_t kFunction = 0x3;              // CO_OPTIMIZED | CO_NEWLOCALS
  constexpr int32_t kHasDocstring = 0x4000000;  // CO_HAS_DOCSTRING
  for (uint16_t magic : {kMagic314, kMagic315}) {
    SCOPED_TRACE(magic);
    // `def f(): return "text"`: a str first, but no docstring.
    Result<CodeEvidence> e = EvidenceOf(ModuleWithFunction(kFunction, Str("text")), magic);
    ASSERT_TRUE(e.ok()) << e.status().message();
    EXPECT_EQ(e->docstrings, Found::kAbsent);
    e = EvidenceOf(ModuleWithFunction(kFunction | kHasDocstring, Str("doc")), magic);
    ASSERT_TRUE(e.ok()) << e.status().message();
    EXPECT_EQ(e->docstrings, Found::kPresent);
  }
  // Up to 3.13 the first constant decides.
  Result<CodeEvidence> e = EvidenceOf(ModuleWithFunction(kFunction, Str("doc")), kMagic313);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->docstrings, Found::kPresent);
}

TEST(EvidenceTest, RootMustBeACodeObject) {
  Result<CodeEvidence> e = EvidenceOf(Tuple({None()}), kMagic311);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(), "the marshalled object is a tuple, not a code object");
}

}  // namespace
}  // namespace pycpack::inspect
