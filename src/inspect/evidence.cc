#include "inspect/evidence.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <vector>

#include "marshal/code_fields.h"
#include "marshal/code_view.h"

namespace pycpack::inspect {
namespace {

using marshal::CodeView;
using marshal::NodeKind;

constexpr int32_t kOptimizedNewLocals = 0x3;  // CO_OPTIMIZED | CO_NEWLOCALS

// Calls |fn(opcode, oparg)| for every instruction of |code|, read in 2-byte
// units (wordcode, CPython 3.6+) with EXTENDED_ARG prefixes folded into the
// argument. Inline cache entries (3.11+) are visited as opcode 0.
void ForEachInstruction(std::string_view code, int extended_arg,
                        const std::function<void(int, uint32_t)>& fn) {
  uint32_t ext = 0;
  for (size_t i = 0; i + 1 < code.size(); i += 2) {
    const int op = static_cast<uint8_t>(code[i]);
    const uint32_t arg = ext | static_cast<uint8_t>(code[i + 1]);
    if (op == extended_arg) {
      ext = arg << 8;
      continue;
    }
    ext = 0;
    fn(op, arg);
  }
}

bool HasOpcode(std::string_view code, int extended_arg, int opcode) {
  bool found = false;
  ForEachInstruction(code, extended_arg, [&](int op, uint32_t) { found |= op == opcode; });
  return found;
}

// Whether a module or class body stores the name __doc__.
bool StoresDoc(const CodeView& code, const marshal::Opcodes& ops) {
  const std::vector<std::string_view> names = code.Names("co_names");
  const auto it = std::find(names.begin(), names.end(), "__doc__");
  if (it == names.end()) return false;
  const uint32_t index = static_cast<uint32_t>(it - names.begin());
  bool found = false;
  ForEachInstruction(code.Text("co_code"), ops.extended_arg, [&](int op, uint32_t arg) {
    found |= op == ops.store_name && arg == index;
  });
  return found;
}

// Whether a function has a docstring. From 3.14 CO_HAS_DOCSTRING says so
// (co_consts[0] may then be any constant). Before, co_consts[0] is the
// docstring slot: a str there is the docstring; lambdas, comprehensions,
// generator expressions and other compiler-made scopes are named "<...>"
// and have no such slot.
bool FunctionHasDoc(const CodeView& code, int32_t flags, const marshal::CodeLayout& layout) {
  if (layout.has_docstring_flag != 0) return (flags & layout.has_docstring_flag) != 0;
  if (code.Text("co_name").starts_with("<")) return false;
  const std::vector<const marshal::Node*> consts = code.Consts();
  return !consts.empty() && consts[0]->kind == NodeKind::kStr;
}

Found AssertEvidence(const CodeView& code, const marshal::Opcodes& ops) {
  const std::string_view co_code = code.Text("co_code");
  if (ops.load_common_constant >= 0) {
    bool found = false;
    ForEachInstruction(co_code, ops.extended_arg, [&](int op, uint32_t arg) {
      found |= op == ops.load_common_constant && arg == marshal::kCommonAssertionError;
    });
    return found ? Found::kPresent : Found::kAbsent;
  }
  if (ops.load_assertion_error >= 0) {
    return HasOpcode(co_code, ops.extended_arg, ops.load_assertion_error) ? Found::kPresent
                                                                         : Found::kAbsent;
  }
  const std::vector<std::string_view> names = code.Names("co_names");
  const bool named = std::find(names.begin(), names.end(), "AssertionError") != names.end();
  return named && HasOpcode(co_code, ops.extended_arg, ops.raise_varargs) ? Found::kPossible
                                                                          : Found::kAbsent;
}

// The stronger of two findings: present > possible > absent.
Found Stronger(Found a, Found b) {
  if (a == Found::kPresent || b == Found::kPresent) return Found::kPresent;
  if (a == Found::kPossible || b == Found::kPossible) return Found::kPossible;
  return Found::kAbsent;
}

}  // namespace

const char* FoundName(Found found) {
  switch (found) {
    case Found::kPresent: return "present";
    case Found::kPossible: return "possible";
    case Found::kAbsent: break;
  }
  return "absent";
}

Result<CodeEvidence> ReadCodeEvidence(const marshal::ObjectGraph& graph) {
  const NodeKind root_kind = graph.nodes[graph.root].kind;
  if (root_kind != NodeKind::kCode) {
    return InternalError(std::string("the marshalled object is a ") +
                         marshal::KindName(root_kind) + ", not a code object");
  }
  const marshal::Opcodes& ops = graph.layout->opcodes;
  CodeEvidence out;
  for (marshal::NodeId id : marshal::CodeObjects(graph)) {
    const CodeView code(graph, id);
    if (id == graph.root) out.co_filename = std::string(code.Text("co_filename"));
    const int32_t flags = code.Int("co_flags").value_or(0);
    const bool function = (flags & kOptimizedNewLocals) == kOptimizedNewLocals;
    const bool doc = function ? FunctionHasDoc(code, flags, *graph.layout) : StoresDoc(code, ops);
    if (doc) out.docstrings = Found::kPresent;
    out.asserts = Stronger(out.asserts, AssertEvidence(code, ops));
  }
  return out;
}

}  // namespace pycpack::inspect
