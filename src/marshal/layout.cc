#include "marshal/layout.h"

#include <array>
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
// identifiers ("<module>" is not interned); 3.13 interns all three.
constexpr auto kFields311 = Fields311(I::kNever, I::kIfNameChars, I::kIfNameChars);
constexpr auto kFields313 = Fields311(I::kAlways, I::kAlways, I::kAlways);

// Magic ranges from Lib/importlib/_bootstrap_external.py. A range starts at
// the first magic with the final release's layout: 3410 added
// co_posonlyargcount (PEP 570); 3494 is the last 3.11 layout change (the
// location table; 3452-3460 dropped nlocals and added localsplus and
// qualname).
//
// Opcodes from each final release's opcode.opmap: 3.9 added
// LOAD_ASSERTION_ERROR (magic 3420; 3.8 loads the name AssertionError), 3.13
// renumbered every opcode.
constexpr Opcodes kOpcodes38 = {-1, 90, 130, 144};
constexpr Opcodes kOpcodes39 = {74, 90, 130, 144};
constexpr Opcodes kOpcodes313 = {23, 114, 101, 71};
constexpr CodeLayout kLayouts[] = {
    {"3.8", 3410, 3413, kFields38, kOpcodes38, 2, 4},
    {"3.9", 3420, 3425, kFields38, kOpcodes39, 2, 4},
    {"3.10", 3430, 3439, kFields38, kOpcodes39, 2, 4},
    {"3.11", 3494, 3495, kFields311, kOpcodes39, 1, 3},
    {"3.12", 3500, 3531, kFields311, kOpcodes39, 1, 3},
    {"3.13", 3550, 3571, kFields313, kOpcodes313, 1, 3},
};

// Pre-release ranges of the versions above with a different layout.
struct PreRelease {
  const char* python;
  uint16_t first_magic;
  uint16_t last_magic;
};
constexpr PreRelease kPreReleases[] = {{"3.8", 3400, 3409}, {"3.11", 3450, 3493}};

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
  return InternalError("unknown magic number " + m + " (supported: " + SupportedRanges() + ")");
}

std::span<const CodeLayout> AllCodeLayouts() { return kLayouts; }

bool IsAllNameChars(std::string_view s) {
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace pycpack::marshal
