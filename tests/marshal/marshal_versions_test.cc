// Type codes that depend on the marshal version: slices (version 5, CPython
// 3.14+) and frozendicts (version 6, 3.15), and the 3.14/3.15 code objects.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "marshal/canonical.h"
#include "marshal_builder.h"
#include "test_util.h"

namespace pycpack::marshal_test {
namespace {

using ::testing::HasSubstr;

// What CPython 3.14 writes for marshal.dumps(slice(1, 2, None)): the small
// ints are shared objects, so FLAG_REF is set on them.
constexpr char kSlice314Bytes[] = ":\xe9\x01\x00\x00\x00\xe9\x02\x00\x00\x00N";
const std::string kSlice314(kSlice314Bytes, sizeof kSlice314Bytes - 1);

TEST(SliceTest, CanonicalDropsUnusedFlags) {
  EXPECT_EQ(Canon(kSlice314, kMagic314), Slice(Int(1), Int(2)));
  EXPECT_EQ(Canon(kSlice314, kMagic315), Slice(Int(1), Int(2)));
}

TEST(SliceTest, NumberedBeforeItsItems) {
  // CPython reserves the slice's reference before reading start, stop and
  // step (r_ref_reserve): here ref 0 is the slice and ref 1 the int 5.
  const std::string in = Tuple({Flag(Slice(Flag(Int(5)), None())), Ref(0), Ref(1)});
  EXPECT_EQ(Canon(in, kMagic314), in);
  // Swapping the two references is another value: (slice, 5, slice).
  const std::string swapped = Tuple({Flag(Slice(Flag(Int(5)), None())), Ref(1), Ref(0)});
  EXPECT_EQ(Canon(swapped, kMagic314),
            Tuple({Flag(Slice(Flag(Int(5)), None())), Ref(1), Ref(0)}));
  EXPECT_NE(Canon(in, kMagic314), Canon(swapped, kMagic314));
}

TEST(SliceTest, EqualSlicesWrittenOnce) {
  // CPython 3.14 writes equal slices of one tuple as two objects
  // (marshal.dumps((slice(1, 2), slice(1, 2)))).
  const std::string cpython =
      Tuple({Slice(Flag(Int(1)), Flag(Int(2))), Slice(Ref(0), Ref(1))});
  EXPECT_EQ(Canon(cpython, kMagic314), Tuple({Flag(Slice(Int(1), Int(2))), Ref(0)}));
  // Items of different types are different slices.
  const std::string mixed = Tuple({Slice(Int(0), None()), Slice("F", None())});
  EXPECT_EQ(Canon(mixed, kMagic314), mixed);
}

TEST(SliceTest, StringsInsideAreNotInterned) {
  // x["ab":"cd"]: the compiler writes both plain; the code constructor does
  // not intern inside slices. The same value as a name is interned
  // everywhere (one value, one type).
  CodeParts p;
  p.consts = Tuple({Slice(Str("ab", 'Z'), Str("cd")), Tuple({Str("ef")})});
  const std::string out = Canon(Code311(p), kMagic314);
  EXPECT_TRUE(HasStr(out, "ab", 'z'));
  EXPECT_TRUE(HasStr(out, "cd", 'z'));
  EXPECT_TRUE(HasStr(out, "ef", 'Z'));  // inside a tuple: interned
  p.names = Tuple({Str("cd", 'Z')});
  EXPECT_TRUE(HasStr(Canon(Code311(p), kMagic314), "cd", 'Z'));
}

TEST(SliceTest, SlicesInFrozenSetsAreOrdered) {
  const std::string a = Canon(FrozenSet({Slice(Int(2), None()), Slice(Int(1), None())}), kMagic314);
  const std::string b = Canon(FrozenSet({Slice(Int(1), None()), Slice(Int(2), None())}), kMagic314);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, FrozenSet({Slice(Int(1), None()), Slice(Int(2), None())}));
}

TEST(SliceTest, SharedAcrossCodeObjects) {
  CodeParts f;
  f.name = Str("f");
  f.consts = Tuple({Slice(Int(1), Int(2))});
  CodeParts m;
  m.consts = Tuple({Code311(f), Slice(Int(1), Int(2))});
  const std::string out = Canon(Code311(m), kMagic315);
  EXPECT_EQ(Count(out, Slice(Int(1), Int(2)).substr(1)), 1);  // the items, once
  EXPECT_EQ(Count(out, Flag(Slice(Int(1), Int(2)))), 1);
}

TEST(SliceTest, RejectedBeforeMarshalVersion5) {
  EXPECT_THAT(CanonError(kSlice314, kMagic313),
              HasSubstr("offset 0: unsupported type: slice in a Python 3.13 pyc"));
  EXPECT_THAT(CanonError(Tuple({None(), kSlice314}), kMagic38), HasSubstr("offset 3: unsupported"));
}

TEST(SliceTest, MalformedSlices) {
  // A slice that contains itself (CPython: "invalid reference").
  EXPECT_THAT(CanonError(Flag(Slice(Ref(0), None())), kMagic314),
              HasSubstr("offset 1: reference 0 to an object that is still being read"));
  EXPECT_THAT(CanonError(":" + Int(1) + None(), kMagic314),
              HasSubstr("offset 7: truncated data: an object was expected"));
  EXPECT_THAT(CanonError(Slice(Int(1), None(), "0"), kMagic314), HasSubstr("NULL object"));
}

// What CPython 3.15 writes for marshal.dumps(frozendict({"a": 1, "b": (1, 2)})).
constexpr char kFrozenDict315Bytes[] =
    "\xfd\xda\x01" "a\xe9\x01\x00\x00\x00\xda\x01" "b\xa9\x02r\x02\x00\x00\x00\xe9\x02\x00\x00\x00" "0";
const std::string kFrozenDict315(kFrozenDict315Bytes, sizeof kFrozenDict315Bytes - 1);

TEST(FrozenDictTest, RejectedWithAClearMessage) {
  // CPython 3.15's compiler never folds a frozendict constant (none in the
  // compiled standard library and its tests), so no pyc holds one.
  EXPECT_THAT(CanonError(kFrozenDict315, kMagic315),
              HasSubstr("offset 0: unsupported type: frozendict (marshal version 6, Python 3.15+"));
  CodeParts p;
  p.consts = Tuple({None(), kFrozenDict315});
  EXPECT_THAT(CanonError(Code311(p), kMagic315), HasSubstr("unsupported type: frozendict"));
  EXPECT_THAT(CanonError(kFrozenDict315, kMagic314), HasSubstr("unsupported type: frozendict"));
}

TEST(CodeTest, MinimalModule314And315) {
  // The 3.13 fields and interning rules: filename, name and qualname
  // interned.
  CodeParts now;
  now.names = Flag(Tuple({}));
  now.varnames = Ref(0);
  now.kinds = Flag(Bytes(""));
  now.filename = Str("m.py", 'Z');
  now.name = Flag(Str("<module>", 'Z'));
  now.qualname = Ref(2);
  now.linetable = Ref(1);
  now.exceptiontable = Ref(1);
  EXPECT_EQ(Canon(Code311({}), kMagic314), Code311(now));
  EXPECT_EQ(Canon(Code311({}), kMagic315), Code311(now));
  EXPECT_FALSE(CanonicalizeMarshal(Code38({}), kMagic315).ok());
}

}  // namespace
}  // namespace pycpack::marshal_test
