// Per-version facts about CPython's pycs, chosen by the pyc magic number: the
// layout of marshalled code objects, the opcodes `pycpack inspect` looks for
// and the hash behind hash-based pycs. To support a new CPython version, add
// a row to the table in layout.cc (and a test in
// tests/marshal/code_layout_test.cc).
#ifndef PYCPACK_MARSHAL_LAYOUT_H_
#define PYCPACK_MARSHAL_LAYOUT_H_

#include <cstdint>
#include <span>
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
  int load_assertion_error;  // 3.9+; an assert statement's raise
  int store_name;
  int raise_varargs;
  int extended_arg;
};

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
};

// The layout for |magic| (the uint16 at the start of a pyc). Fails, naming
// the magic and the supported ranges, for an unknown magic or a pre-release
// magic whose layout differs from the final release's.
Result<const CodeLayout*> CodeLayoutForMagic(uint16_t magic);

// Every supported layout, oldest first.
std::span<const CodeLayout> AllCodeLayouts();

// True if |s| is ASCII made of letters, digits and '_' only (CPython's
// all_name_chars(); true for "").
bool IsAllNameChars(std::string_view s);

}  // namespace pycpack::marshal

#endif  // PYCPACK_MARSHAL_LAYOUT_H_
