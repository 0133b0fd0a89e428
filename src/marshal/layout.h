// Per-version facts about CPython's pycs, chosen by the pyc magic number: the
// layout of marshalled code objects, the marshal version (which type codes
// may occur), the opcodes and flags `pycpack inspect` looks for and the hash
// behind hash-based pycs. To support a new CPython version, add a row to the
// table in layout.cc; docs/canonical-pyc.md, "Adding a CPython version",
// lists the tests and upstream files that go with it.
#ifndef PYCPACK_MARSHAL_LAYOUT_H_
#define PYCPACK_MARSHAL_LAYOUT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "pycpack/status.h"

namespace pycpack::marshal {

// What a code-object field holds.
enum class FieldKind : uint8_t {
  kInt,        // 4 raw bytes, little endian (no type byte)
  kBytes,      // a bytes object
  kConsts,     // a tuple of constants
  kNameTuple,  // a tuple of str (co_names, co_varnames, ...)
  kStr,        // a str (co_filename, co_name, co_qualname)
};

// Whether a str in a field is written with an interned type code
// (see "Interned strings" in docs/canonical-pyc.md).
enum class InternRule : uint8_t {
  kNever,
  kAlways,
  kIfNameChars,  // only if it matches [A-Za-z0-9_]*
};

struct CodeField {
  const char* name;  // the attribute, e.g. "co_names"
  FieldKind kind;
  InternRule intern;  // for kStr and kNameTuple; ignored otherwise
};

// Opcode numbers of one version (its `opcode.opmap`, final release), for
// reading evidence out of co_code. -1: the version has no such opcode.
struct Opcodes {
  int load_assertion_error;  // 3.9-3.13; an assert statement's raise
  int store_name;
  int raise_varargs;
  int extended_arg;
  // 3.14+: LOAD_COMMON_CONSTANT, whose argument 0 (kCommonAssertionError)
  // loads AssertionError; only an assert statement compiles to that.
  int load_common_constant;
};

// The argument of LOAD_COMMON_CONSTANT that loads AssertionError (index 0 of
// opcode._common_constants in 3.14 and 3.15).
inline constexpr uint32_t kCommonAssertionError = 0;

struct CodeLayout {
  const char* python;  // "3.11"
  uint16_t first_magic;
  uint16_t last_magic;
  std::span<const CodeField> fields;  // in marshal order
  Opcodes opcodes;
  // _imp.source_hash is SipHash-c-d with these rounds (Python/pyhash.c,
  // _Py_KeyedHash): SipHash-2-4 up to 3.10, SipHash-1-3 from 3.11.
  int source_hash_c_rounds;
  int source_hash_d_rounds;
  // marshal.version of that CPython: 4 up to 3.13, 5 adds slices (3.14), 6
  // frozendicts (3.15). The reader accepts a type code only from the version
  // that introduced it.
  int marshal_version;
  // The co_flags bit CO_HAS_DOCSTRING (3.14+: a function's co_consts[0] is
  // its docstring only when set), or 0 where co_consts[0] is always the
  // docstring slot.
  int32_t has_docstring_flag;
};

// The layout for |magic| (the uint16 at the start of a pyc). Fails with one
// line naming the magic: "magic number M is newer than this pycpack supports
// (CPython 3.8–3.15)" for a Python 3 magic above NewestKnownMagic(); "...is
// a pre-release of Python X.Y with an unsupported code object layout
// (supported: ...)"; otherwise "unknown magic number M (supported: ...)".
Result<const CodeLayout*> CodeLayoutForMagic(uint16_t magic);

// Every supported layout, oldest first.
std::span<const CodeLayout> AllCodeLayouts();

// The supported versions as "3.8–3.15" (oldest and newest row of the table,
// joined by an en dash, U+2013).
std::string SupportedPythonRange();

// The last magic number of the newest supported version (3666, 3.15).
uint16_t NewestKnownMagic();

// True if |s| is ASCII made of letters, digits and '_' only (CPython's
// all_name_chars(); true for "").
bool IsAllNameChars(std::string_view s);

}  // namespace pycpack::marshal

#endif  // PYCPACK_MARSHAL_LAYOUT_H_
