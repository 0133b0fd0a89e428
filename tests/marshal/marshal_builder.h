// Helpers that spell marshal streams for tests, byte by byte.
#ifndef PYCPACK_TESTS_MARSHAL_MARSHAL_BUILDER_H_
#define PYCPACK_TESTS_MARSHAL_MARSHAL_BUILDER_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace pycpack::marshal_test {

// Final magic numbers of each supported version.
inline constexpr uint16_t kMagic38 = 3413;
inline constexpr uint16_t kMagic39 = 3425;
inline constexpr uint16_t kMagic310 = 3439;
inline constexpr uint16_t kMagic311 = 3495;
inline constexpr uint16_t kMagic312 = 3531;
inline constexpr uint16_t kMagic313 = 3571;
inline constexpr uint16_t kMagic314 = 3627;
inline constexpr uint16_t kMagic315 = 3666;

inline std::string U32(uint32_t v) {
  std::string s;
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return s;
}

// |obj| with FLAG_REF set on its type byte.
inline std::string Flag(std::string obj) {
  obj[0] = static_cast<char>(obj[0] | 0x80);
  return obj;
}

inline std::string Ref(uint32_t index) { return "r" + U32(index); }
inline std::string None() { return "N"; }
inline std::string Int(int32_t v) { return "i" + U32(static_cast<uint32_t>(v)); }

// A str with the given type code: 'z'/'Z' take a one-byte size, the others
// ('a', 'A', 'u', 't') four bytes.
inline std::string Str(std::string_view s, char type = 'z') {
  std::string out(1, type);
  if (type == 'z' || type == 'Z') {
    out.push_back(static_cast<char>(s.size()));
  } else {
    out += U32(static_cast<uint32_t>(s.size()));
  }
  return out + std::string(s);
}

inline std::string Bytes(std::string_view s) {
  return "s" + U32(static_cast<uint32_t>(s.size())) + std::string(s);
}

// A tuple: ')' (one-byte size) unless |type| says '('.
inline std::string Tuple(std::initializer_list<std::string> items, char type = ')') {
  std::string out(1, type);
  if (type == ')') {
    out.push_back(static_cast<char>(items.size()));
  } else {
    out += U32(static_cast<uint32_t>(items.size()));
  }
  for (const std::string& i : items) out += i;
  return out;
}

// A frozenset ('>') or set ('<') with the items in the given order.
inline std::string FrozenSet(std::initializer_list<std::string> items, char type = '>') {
  std::string out(1, type);
  out += U32(static_cast<uint32_t>(items.size()));
  for (const std::string& i : items) out += i;
  return out;
}

// A slice (marshal version 5, 3.14+): start, stop, step.
inline std::string Slice(std::string start, std::string stop, std::string step = "N") {
  return ":" + start + stop + step;
}

// The object fields of a code object; the defaults make a minimal module.
struct CodeParts {
  std::string code = Bytes(std::string("d\0S\0", 4));
  std::string consts = Tuple({None()});
  std::string names = Tuple({});
  std::string varnames = Tuple({});  // co_localsplusnames from 3.11
  std::string kinds = Bytes("");     // co_localspluskinds, 3.11+
  std::string freevars = Tuple({});  // up to 3.10
  std::string cellvars = Tuple({});  // up to 3.10
  std::string filename = Str("m.py");
  std::string name = Str("<module>");
  std::string qualname = Str("<module>");  // 3.11+
  std::string linetable = Bytes("");
  std::string exceptiontable = Bytes("");  // 3.11+
  int32_t firstlineno = 1;
};

// A code object in the 3.8-3.10 layout.
inline std::string Code38(const CodeParts& p) {
  std::string s = "c";
  for (int i = 0; i < 6; ++i) s += U32(i == 4 ? 1 : 0);  // stacksize 1
  return s + p.code + p.consts + p.names + p.varnames + p.freevars + p.cellvars +
         p.filename + p.name + U32(static_cast<uint32_t>(p.firstlineno)) + p.linetable;
}

// A code object in the 3.11-3.15 layout.
inline std::string Code311(const CodeParts& p) {
  std::string s = "c";
  for (int i = 0; i < 5; ++i) s += U32(i == 3 ? 1 : 0);  // stacksize 1
  return s + p.code + p.consts + p.names + p.varnames + p.kinds + p.filename + p.name +
         p.qualname + U32(static_cast<uint32_t>(p.firstlineno)) + p.linetable +
         p.exceptiontable;
}

}  // namespace pycpack::marshal_test

#endif  // PYCPACK_TESTS_MARSHAL_MARSHAL_BUILDER_H_
