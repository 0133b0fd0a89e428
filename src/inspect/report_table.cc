// The table form of an InspectReport, for a terminal.
#include <algorithm>
#include <vector>

#include "inspect/inspect.h"
#include "util/escape.h"
#include "util/hex.h"

namespace pycpack::inspect {
namespace {

constexpr char kUnknown[] = "-";

using Row = std::vector<std::string>;

const Row kHeadings = {"PATH",  "PYTHON",     "INVALIDATION", "SOURCE HASH", "SOURCE",
                       "LEVEL", "DOCSTRINGS", "ASSERTS",      "CANONICAL",   "CO_FILENAME"};

Row Cells(const PycReport& r) {
  const PycHeader* h = r.header ? &*r.header : nullptr;
  const bool hashed = h && (h->invalidation == Invalidation::kCheckedHash ||
                            h->invalidation == Invalidation::kUncheckedHash);
  return {EscapeControls(r.path),
          r.python.value_or(kUnknown),
          h ? InvalidationName(h->invalidation) : kUnknown,
          hashed ? HexEncode(h->source_hash) : kUnknown,
          SourceStatusName(r.source_status),
          r.level_from_name ? std::to_string(*r.level_from_name) : kUnknown,
          r.docstrings ? FoundName(*r.docstrings) : kUnknown,
          r.asserts ? FoundName(*r.asserts) : kUnknown,
          r.canonical ? (*r.canonical ? "yes" : "no") : kUnknown,
          EscapeControls(r.co_filename.value_or(kUnknown))};
}

// Prints |rows| (the first is the headings) with every column as wide as
// its widest cell, and each pyc's problems below its row.
void PrintBlock(const std::vector<Row>& rows, const std::vector<const PycReport*>& pycs,
                std::ostream& out) {
  std::vector<size_t> width(kHeadings.size(), 0);
  for (const Row& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line = " ";
    for (size_t i = 0; i < rows[r].size(); ++i) {
      line += " " + rows[r][i];
      if (i + 1 < rows[r].size()) line += std::string(width[i] - rows[r][i].size() + 1, ' ');
    }
    out << line << '\n';
    if (r == 0) continue;
    for (const std::string& problem : pycs[r - 1]->problems) {
      out << "      problem: " << EscapeControls(problem) << '\n';
    }
  }
}

}  // namespace

void PrintInspectTable(const InspectReport& report, std::ostream& out) {
  size_t next = 0;  // report.pycs are grouped by input, in input order
  for (const InputReport& in : report.inputs) {
    if (in.error) {
      out << EscapeControls(in.path) << ": cannot be read\n";
      continue;
    }
    out << EscapeControls(in.path) << " (" << in.kind << ", " << in.pycs << (in.pycs == 1 ? " pyc)\n" : " pycs)\n");
    if (in.pycs == 0) continue;
    std::vector<Row> rows = {kHeadings};
    std::vector<const PycReport*> pycs;
    for (; next < report.pycs.size() && pycs.size() < in.pycs; ++next) {
      rows.push_back(Cells(report.pycs[next]));
      pycs.push_back(&report.pycs[next]);
    }
    PrintBlock(rows, pycs, out);
  }
}

}  // namespace pycpack::inspect
