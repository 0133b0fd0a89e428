#include "marshal/layout.h"

#include <array>
#include <iterator>
#include <string>

namespace pycpack::marshal {
namespace {

using K = FieldKind;
using I = InternRule;

// CPython 3.8 to 3.10 (Python/marshal.c, TYPE_CODE). Their compilers intern
// every co_name ("<module>" too) and no co_filename.
constexpr CodeField kFields38[] = {
    {"co_argcount", K::kInt, I::kNever},
    {"co_posonlyargcount", K::kInt, I::kNever},
    {"co_kwonlyargcount", K::kInt, I::kNever},
    {"co_nlocals", K::kInt, I::kNever},
    {"co_stacksize", K::kInt, I::kNever},
    {"co_flags", K::kInt, I::kNever},
    {"co_code", K::kBytes, I::kNever},
    {"co_consts", K::kConsts, I::kNever},
    {"co_names", K::kNameTuple, I::kAlways},
    {"co_varnames", K::kNameTuple, I::kAlways},
    {"co_freevars", K::kNameTuple, I::kAlways},
    {"co_cellvars", K::kNameTuple, I::kAlways},
    {"co_filename", K::kStr, I::kNever},
    {"co_name", K::kStr, I::kAlways},
    {"co_firstlineno", K::kInt, I::kNever},
    {"co_lnotab", K::kBytes, I::kNever},  // co_linetable in 3.10
};

// CPython 3.11 and later: locals, cells and free variables in one tuple with
// a bytes object of kinds; co_qualname and co_exceptiontable added.
constexpr std::array<CodeField, 16> Fields311(I filename, I name, I qualname) {
  return {{
      {"co_argcount", K::kInt, I::kNever},
      {"co_posonlyargcount", K::kInt, I::kNever},
      {"co_kwonlyargcount", K::kInt, I::kNever},
      {"co_stacksize", K::kInt, I::kNever},
      {"co_flags", K::kInt, I::kNever},
      {"co_code", K::kBytes, I::kNever},
      {"co_consts", K::kConsts, I::kNever},
      {"co_names", K::kNameTuple, I::kAlways},
      {"co_localsplusnames", K::kNameTuple, I::kAlways},
      {"co_localspluskinds", K::kBytes, I::kNever},
      {"co_filename", K::kStr, filename},
      {"co_name", K::kStr, name},
      {"co_qualname", K::kStr, qualname},
      {"co_firstlineno", K::kInt, I::kNever},
      {"co_linetable", K::kBytes, I::kNever},
      {"co_exceptiontable", K::kBytes, I::kNever},
  }};
}

// The interning rules follow what each compiler writes in a fresh process:
// 3.11 and 3.12 intern co_name and co_qualname only when they look like
// identifiers ("<module>" is not interned); 3.13, 3.14 and 3.15 write all
// three interned (their code constructor interns them, init_code in
// Objects/codeobject.c).
constexpr auto kFields311 = Fields311(I::kNever, I::kIfNameChars, I::kIfNameChars);
constexpr auto kFields313 = Fields311(I::kAlways, I::kAlways, I::kAlways);

// Magic ranges from Lib/importlib/_bootstrap_external.py (3.12 and earlier)
// and Include/internal/pycore_magic_number.h (3.13+). A range starts at the
// first magic with the final release's layout: 3410 added
// co_posonlyargcount (PEP 570); 3494 is the last 3.11 layout change (the
// location table; 3452-3460 dropped nlocals and added localsplus and
// qualname). 3.14 (3600-3627) and 3.15 (3650-3666) kept the 3.13 fields
// from their first alpha; 3608 added slice constants (marshal version 5),
// 3.15 frozendict (version 6).
//
// Opcodes from each final release's opcode.opmap: 3.9 added
// LOAD_ASSERTION_ERROR (magic 3420; 3.8 loads the name AssertionError), 3.13
// renumbered every opcode, 3.14 replaced LOAD_ASSERTION_ERROR by
// LOAD_COMMON_CONSTANT 0 (magic 3600) and renumbered again, as did 3.15.
constexpr Opcodes kOpcodes38 = {-1, 90, 130, 144, -1};
constexpr Opcodes kOpcodes39 = {74, 90, 130, 144, -1};
constexpr Opcodes kOpcodes313 = {23, 114, 101, 71, -1};
constexpr Opcodes kOpcodes314 = {-1, 116, 104, 69, 81};
constexpr Opcodes kOpcodes315 = {-1, 115, 103, 67, 80};
constexpr int32_t kCoHasDocstring = 0x4000000;  // CO_HAS_DOCSTRING, 3.14+
constexpr CodeLayout kLayouts[] = {
    {"3.8", 3410, 3413, kFields38, kOpcodes38, 2, 4, 4, 0},
    {"3.9", 3420, 3425, kFields38, kOpcodes39, 2, 4, 4, 0},
    {"3.10", 3430, 3439, kFields38, kOpcodes39, 2, 4, 4, 0},
    {"3.11", 3494, 3495, kFields311, kOpcodes39, 1, 3, 4, 0},
    {"3.12", 3500, 3531, kFields311, kOpcodes39, 1, 3, 4, 0},
    {"3.13", 3550, 3571, kFields313, kOpcodes313, 1, 3, 4, 0},
    {"3.14", 3600, 3627, kFields313, kOpcodes314, 1, 3, 5, kCoHasDocstring},
    {"3.15", 3650, 3666, kFields313, kOpcodes315, 1, 3, 6, kCoHasDocstring},
};

// Pre-release ranges of the versions above with a different layout.
struct PreRelease {
  const char* python;
  uint16_t first_magic;
  uint16_t last_magic;
};
constexpr PreRelease kPreReleases[] = {{"3.8", 3400, 3409}, {"3.11", 3450, 3493}};

// Python 3 magics are 3000 and up (3.n starts at 2900 + 50n since 3.11);
// Python 1.5 to 2.7 used 20121 to 62211.
constexpr uint16_t kFirstPython2Magic = 20121;

std::string SupportedRanges() {
  std::string s;
  for (const CodeLayout& l : kLayouts) {
    if (!s.empty()) s += ", ";
    s += std::string(l.python) + " " + std::to_string(l.first_magic) + "-" +
         std::to_string(l.last_magic);
  }
  return s;
}

}  // namespace

Result<const CodeLayout*> CodeLayoutForMagic(uint16_t magic) {
  for (const CodeLayout& l : kLayouts) {
    if (magic >= l.first_magic && magic <= l.last_magic) return &l;
  }
  std::string m = std::to_string(magic);
  for (const PreRelease& p : kPreReleases) {
    if (magic >= p.first_magic && magic <= p.last_magic) {
      return InternalError("magic number " + m + " is a pre-release of Python " +
                           p.python + " with an unsupported code object layout (supported: " +
                           SupportedRanges() + ")");
    }
  }
  if (magic > NewestKnownMagic() && magic < kFirstPython2Magic) {
    return InternalError("magic number " + m + " is newer than this pycpack supports (CPython " +
                         SupportedPythonRange() + ")");
  }
  return InternalError("unknown magic number " + m + " (supported: " + SupportedRanges() + ")");
}

std::span<const CodeLayout> AllCodeLayouts() { return kLayouts; }

std::string SupportedPythonRange() {
  const char* const kEnDash = "\xe2\x80\x93";  // U+2013 in UTF-8
  return std::string(std::begin(kLayouts)->python) + kEnDash + std::rbegin(kLayouts)->python;
}

uint16_t NewestKnownMagic() { return std::rbegin(kLayouts)->last_magic; }

bool IsAllNameChars(std::string_view s) {
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace pycpack::marshal
