// The canonicalisation rules of docs/canonical-pyc.md on hand-made streams.
#include "marshal/canonical.h"

#include <gtest/gtest.h>

#include <string>

#include "marshal_builder.h"
#include "test_util.h"

namespace pycpack::marshal_test {
namespace {

TEST(RefsTest, FlagDroppedWhenNothingRefersBack) {
  EXPECT_EQ(Canon(Flag(Tuple({Flag(Int(7)), Flag(Str("x"))}))), Tuple({Int(7), Str("x")}));
}

TEST(RefsTest, RenumberedInOrderOfAppearance) {
  const std::string in = Tuple({Flag(Str("aa")), Flag(Str("bb")), Flag(Str("cc")), Ref(2), Ref(0)});
  EXPECT_EQ(Canon(in), Tuple({Flag(Str("aa")), Str("bb"), Flag(Str("cc")), Ref(1), Ref(0)}));
}

TEST(RefsTest, EqualValuesWrittenOnceWhateverTheInputSharing) {
  // Three spellings of the same str, none shared in the input.
  EXPECT_EQ(Canon(Tuple({Str("spam"), Str("spam", 'u'), Str("spam", 'a')})),
            Tuple({Flag(Str("spam")), Ref(0), Ref(0)}));
  // A tuple shared by reference and an equal tuple written again.
  EXPECT_EQ(Canon(Tuple({Flag(Tuple({Int(1)})), Ref(0), Tuple({Int(1)})})),
            Tuple({Flag(Tuple({Int(1)})), Ref(0), Ref(0)}));
}

TEST(RefsTest, ValuesOfDifferentTypesNeverMerged) {
  const std::string zero = "g" + std::string(8, '\0');
  const std::string minus_zero = "g" + std::string(7, '\0') + "\x80";
  const std::string one = "g" + std::string(6, '\0') + "\xf0\x3f";
  const std::string in = Tuple({Int(0), "F", zero, minus_zero, Str(""), Bytes(""), Int(1), "T",
                                one, Str("1"), Bytes("1"), Tuple({}), FrozenSet({})});
  EXPECT_EQ(Canon(in), in);
}

TEST(RefsTest, SingletonsNeverFlagged) {
  // CPython ignores FLAG_REF on None/True/...: no ref slot is used.
  EXPECT_EQ(Canon(Tuple({Flag("N"), Flag(Str("ab")), Ref(0), "N"})),
            Tuple({"N", Flag(Str("ab")), Ref(0), "N"}));
}

TEST(RefsTest, CodeObjectsKeepTheirIdentity) {
  const std::string code = Code311({});
  // Shared by reference in the input: still shared.
  const std::string shared = Canon(Tuple({Flag(code), Ref(0)}));
  EXPECT_EQ(shared.substr(0, 3), ")\x02\xe3");
  // Two equal code objects: both written in full (only their parts shared).
  const std::string twice = Canon(Tuple({code, code}));
  EXPECT_EQ(twice.substr(0, 3), ")\x02" "c");
  EXPECT_EQ(Count(twice, std::string("c") + U32(0) + U32(0)), 2);
}

TEST(StringsTest, TypeCodeFollowsContentNotInput) {
  const std::string long_ascii(300, 'x');
  EXPECT_EQ(Canon(Str("abc", 'a')), Str("abc", 'z'));
  EXPECT_EQ(Canon(Str("abc", 'u')), Str("abc", 'z'));
  EXPECT_EQ(Canon(Str(long_ascii, 'u')), Str(long_ascii, 'a'));
  EXPECT_EQ(Canon(Str("caf\xc3\xa9", 'u')), Str("caf\xc3\xa9", 'u'));
  // Outside code objects nothing is interned.
  EXPECT_EQ(Canon(Str("abc", 'Z')), Str("abc", 'z'));
  EXPECT_EQ(Canon(Str("caf\xc3\xa9", 't')), Str("caf\xc3\xa9", 'u'));
}

TEST(StringsTest, AsciiTypesWithHighBytesReadAsLatin1) {
  EXPECT_EQ(Canon(Str("caf\xe9", 'z')), Str("caf\xc3\xa9", 'u'));
}

TEST(StringsTest, SurrogatesPassThrough) {
  EXPECT_EQ(Canon(Str("\xed\xa0\x80", 'u')), Str("\xed\xa0\x80", 'u'));
}

TEST(InterningTest, NamesInternedConstsOnlyWhenIdentifierLike) {
  CodeParts p;
  p.consts = Tuple({Str("a doc string", 'Z'), Str("ident_1", 'z'),
                    Tuple({Str("inner", 'z')}), FrozenSet({Str("in_set", 'z')})});
  p.names = Tuple({Str("x", 'z'), Str("os.path", 'z'), Str("caf\xc3\xa9", 'u')});
  const std::string out = Canon(Code311(p));
  EXPECT_TRUE(HasStr(out, "a doc string", 'z'));
  EXPECT_TRUE(HasStr(out, "ident_1", 'Z'));
  EXPECT_TRUE(HasStr(out, "inner", 'Z'));
  EXPECT_TRUE(HasStr(out, "in_set", 'Z'));
  EXPECT_TRUE(HasStr(out, "x", 'Z'));
  EXPECT_TRUE(HasStr(out, "os.path", 'Z'));
  EXPECT_TRUE(HasStr(out, "caf\xc3\xa9", 't'));
}

TEST(InterningTest, OneValueOneTypeWhereverItOccurs) {
  // "os.path" is a name (interned) and a constant (not by itself): written
  // once, interned, and referenced from the constant.
  CodeParts p;
  p.consts = Tuple({Str("os.path", 'z')});
  p.names = Tuple({Str("os.path", 'z')});
  const std::string out = Canon(Code311(p));
  EXPECT_TRUE(HasStr(out, "os.path", 'Z'));
  EXPECT_FALSE(HasStr(out, "os.path", 'z'));
  EXPECT_EQ(Count(out, "os.path"), 1);
}

TEST(InterningTest, NameFilenameQualnameRulesPerVersion) {
  CodeParts p;
  p.name = Str("<module>", 'Z');
  p.qualname = Str("<module>", 'z');
  p.filename = Str("m.py", 'Z');
  const std::string v38 = Canon(Code38(p), kMagic38);
  EXPECT_TRUE(HasStr(v38, "<module>", 'Z'));
  EXPECT_TRUE(HasStr(v38, "m.py", 'z'));
  const std::string v312 = Canon(Code311(p), kMagic312);
  EXPECT_TRUE(HasStr(v312, "<module>", 'z'));
  EXPECT_TRUE(HasStr(v312, "m.py", 'z'));
  EXPECT_EQ(Count(v312, "<module>"), 1);  // co_qualname refers to co_name
  const std::string v313 = Canon(Code311(p), kMagic313);
  EXPECT_TRUE(HasStr(v313, "<module>", 'Z'));
  EXPECT_TRUE(HasStr(v313, "m.py", 'Z'));
  // 3.11/3.12 intern an identifier-like name and qualname.
  p.name = Str("f", 'z');
  p.qualname = Str("A.f", 'Z');
  const std::string f312 = Canon(Code311(p), kMagic312);
  EXPECT_TRUE(HasStr(f312, "f", 'Z'));
  EXPECT_TRUE(HasStr(f312, "A.f", 'z'));
}

TEST(FrozenSetTest, TwoOrdersGiveTheSameBytes) {
  const std::string a = Canon(FrozenSet({Str("b"), Int(1), Str("a")}));
  const std::string b = Canon(FrozenSet({Str("a"), Str("b"), Int(1)}));
  EXPECT_EQ(a, b);
  // Ordered by encoding: 'i' < 'z'; then the size byte; then the content.
  EXPECT_EQ(a, FrozenSet({Int(1), Str("a"), Str("b")}));
  EXPECT_EQ(Canon(FrozenSet({Str("ab"), Str("b")})), FrozenSet({Str("b"), Str("ab")}));
}

TEST(FrozenSetTest, OrderUsesTheFinalStringTypes) {
  // Inside co_consts the identifier-like strings become 'Z' (< 'i').
  CodeParts p;
  p.consts = Tuple({FrozenSet({Int(1), Str("b"), Str("a")})});
  const std::string out = Canon(Code311(p));
  EXPECT_NE(out.find(FrozenSet({Str("a", 'Z'), Str("b", 'Z'), Int(1)})), std::string::npos);
}

TEST(FrozenSetTest, NestedItemsComparedByExpandedEncoding) {
  // The second tuple refers to "b" in the input; the order ignores that.
  const std::string in = Tuple({Flag(Str("b")), FrozenSet({Tuple({Ref(0)}), Tuple({Str("a")})})});
  EXPECT_EQ(Canon(in), Tuple({Flag(Str("b")), FrozenSet({Tuple({Str("a")}), Tuple({Ref(0)})})}));
}

TEST(FrozenSetTest, DuplicateItemsDropped) {
  EXPECT_EQ(Canon(FrozenSet({Int(1), Int(1), Str("a", 'u'), Str("a")})),
            FrozenSet({Int(1), Str("a")}));
}

TEST(FrozenSetTest, EqualFrozenSetsMergedButSetsNot) {
  EXPECT_EQ(Canon(Tuple({FrozenSet({Str("a"), Str("b")}), FrozenSet({Str("b"), Str("a")})})),
            Tuple({Flag(FrozenSet({Str("a"), Str("b")})), Ref(0)}));
  // Sets are mutable: two sets stay two objects; their items are shared.
  EXPECT_EQ(Canon(Tuple({FrozenSet({Str("b"), Str("a")}, '<'), FrozenSet({Str("a"), Str("b")}, '<')})),
            Tuple({FrozenSet({Flag(Str("a")), Flag(Str("b"))}, '<'), FrozenSet({Ref(0), Ref(1)}, '<')}));
}

TEST(TupleTest, SmallAndLargeForms) {
  EXPECT_EQ(Canon(Tuple({Int(1), Int(2)}, '(')), Tuple({Int(1), Int(2)}));
  std::string big = "(" + U32(256);
  for (int i = 0; i < 256; ++i) big += "N";
  EXPECT_EQ(Canon(big), big);
}

TEST(CodeTest, NestedCodeSharesFilenameAndIsIdempotent) {
  CodeParts inner;
  inner.name = Str("f");
  inner.qualname = Str("f");
  CodeParts outer;
  outer.consts = Tuple({Code311(inner), Str("f"), None()});
  outer.names = Tuple({Str("f")});
  const std::string out = Canon(Code311(outer));
  EXPECT_EQ(Count(out, "m.py"), 1);
  EXPECT_EQ(Count(out, "<module>"), 1);
  EXPECT_TRUE(HasStr(out, "f", 'Z'));
  EXPECT_EQ(Count(out, Str("f", 'Z')) + Count(out, Flag(Str("f", 'Z'))), 1);
}

TEST(CodeTest, MinimalModuleInEveryLayout) {
  CodeParts old;  // 3.8-3.10: the four empty tuples become one
  old.names = Flag(Tuple({}));
  old.varnames = Ref(0);
  old.freevars = Ref(0);
  old.cellvars = Ref(0);
  old.name = Str("<module>", 'Z');
  for (uint16_t magic : {kMagic38, kMagic39, kMagic310}) {
    EXPECT_EQ(Canon(Code38({}), magic), Code38(old)) << magic;
  }
  CodeParts now;  // 3.11+: so do the empty tuples and bytes; qualname = name
  now.names = Flag(Tuple({}));
  now.varnames = Ref(0);
  now.kinds = Flag(Bytes(""));
  now.name = Flag(Str("<module>"));
  now.qualname = Ref(2);
  now.linetable = Ref(1);
  now.exceptiontable = Ref(1);
  for (uint16_t magic : {kMagic311, kMagic312}) {
    EXPECT_EQ(Canon(Code311({}), magic), Code311(now)) << magic;
  }
  now.filename = Str("m.py", 'Z');
  now.name = Flag(Str("<module>", 'Z'));
  EXPECT_EQ(Canon(Code311({}), kMagic313), Code311(now));
}

TEST(CodeTest, LayoutMismatchIsAnError) {
  // A 3.11 code object read with the 3.8 layout runs off its fields.
  EXPECT_FALSE(CanonicalizeMarshal(Code311({}), kMagic38).ok());
  EXPECT_FALSE(CanonicalizeMarshal(Code38({}), kMagic313).ok());
}

// The process-history variations measured on CPython (docs/canonical-pyc.md,
// "Why"), each reduced to the bytes that differ.
TEST(HistoryVariantsTest, FrozenSetFlagRefAfterTestDecimal312) {
  CodeParts plain;
  plain.consts = Tuple({FrozenSet({Str("225", 'Z'), Str("226", 'Z'), Str("426", 'Z')})});
  CodeParts flagged;
  flagged.consts = Tuple({Flag(FrozenSet({Str("225", 'Z'), Str("226", 'Z'), Str("426", 'Z')}))});
  EXPECT_EQ(Canon(Code311(plain)), Canon(Code311(flagged)));
}

TEST(HistoryVariantsTest, QualnameInternedOrNot313) {
  CodeParts interned;
  interned.name = Str("f", 'Z');
  interned.qualname = Flag(Str("A.f", 'Z'));
  CodeParts plain = interned;
  plain.qualname = Str("A.f", 'z');
  EXPECT_EQ(Canon(Code311(interned), kMagic313), Canon(Code311(plain), kMagic313));
}

TEST(HistoryVariantsTest, FrozenSetOrderFollowsHashSeed38) {
  CodeParts one;
  one.consts = Tuple({FrozenSet({Str("alpha", 'Z'), Str("beta", 'Z'), Str("gamma", 'Z')})});
  CodeParts two;
  two.consts = Tuple({FrozenSet({Str("gamma", 'Z'), Str("alpha", 'Z'), Str("beta", 'Z')})});
  EXPECT_EQ(Canon(Code38(one), kMagic38), Canon(Code38(two), kMagic38));
}

TEST(HistoryVariantsTest, NamesFlaggedByReferenceCount38) {
  CodeParts flagged;
  flagged.names = Tuple({Flag(Str("os", 'Z')), Flag(Str("path", 'Z'))});
  CodeParts plain;
  plain.names = Tuple({Str("os", 'Z'), Str("path", 'Z')});
  EXPECT_EQ(Canon(Code38(flagged), kMagic38), Canon(Code38(plain), kMagic38));
}

TEST(HistoryVariantsTest, SingleCharacterInternedOrNot312) {
  CodeParts interned;
  interned.consts = Tuple({Str("\xc3\xa4", 't')});
  CodeParts plain;
  plain.consts = Tuple({Str("\xc3\xa4", 'u')});
  EXPECT_EQ(Canon(Code311(interned)), Canon(Code311(plain)));
}

}  // namespace
}  // namespace pycpack::marshal_test
