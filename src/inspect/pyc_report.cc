#include "inspect/pyc_report.h"

#include "inspect/source_hash.h"
#include "marshal/canonical.h"
#include "marshal/layout.h"
#include "marshal/reader.h"

namespace pycpack::inspect {
namespace {

bool IsHashBased(Invalidation mode) {
  return mode == Invalidation::kCheckedHash || mode == Invalidation::kUncheckedHash;
}

SourceStatus CompareSource(std::string_view pyc, const PycHeader& header,
                           const marshal::CodeLayout* layout,
                           const SourceFile& source, PycReport* report) {
  if (!IsHashBased(header.invalidation) || layout == nullptr) {
    return SourceStatus::kNotChecked;
  }
  Result<std::string> hash = PycSourceHash(pyc.substr(0, 4), *layout, source.bytes);
  if (!hash.ok()) {
    report->problems.push_back(hash.status().message());
    return SourceStatus::kNotChecked;
  }
  return *hash == header.source_hash ? SourceStatus::kMatch : SourceStatus::kMismatch;
}

// The fields that need the marshalled code.
void InspectCode(std::string_view pyc, const marshal::CodeLayout& layout, PycReport* report) {
  Result<marshal::ObjectGraph> graph =
      marshal::ReadMarshal(pyc.substr(kPycHeaderSize), layout, kPycHeaderSize);
  if (!graph.ok()) {
    report->problems.push_back("cannot unmarshal: " + graph.status().message());
    return;
  }
  Result<CodeEvidence> evidence = ReadCodeEvidence(*graph);
  if (!evidence.ok()) {
    report->problems.push_back(evidence.status().message());
    return;
  }
  report->co_filename = evidence->co_filename;
  report->docstrings = evidence->docstrings;
  report->asserts = evidence->asserts;
  Result<bool> canonical = IsCanonicalPyc(pyc);
  if (canonical.ok()) report->canonical = *canonical;
}

}  // namespace

const char* SourceStatusName(SourceStatus status) {
  switch (status) {
    case SourceStatus::kMatch: return "match";
    case SourceStatus::kMismatch: return "mismatch";
    case SourceStatus::kNotChecked: return "not checked";
    case SourceStatus::kNoSource: break;
  }
  return "no source";
}

void InspectPyc(std::string_view pyc, const PycName& name,
                const SourceFile* source, PycReport* report) {
  report->size = pyc.size();
  report->level_from_name = name.level;
  if (source != nullptr) report->source = source->path;
  Result<PycHeader> header = ParsePycHeader(pyc);
  if (!header.ok()) {
    report->problems.push_back(header.status().message());
    if (source != nullptr) report->source_status = SourceStatus::kNotChecked;
    return;
  }
  report->header = *header;
  if (header->invalidation == Invalidation::kInvalid) {
    report->problems.push_back("invalid flags " + std::to_string(header->flags) +
                               " (importlib accepts 0, 1 and 3)");
  }
  Result<const marshal::CodeLayout*> layout = marshal::CodeLayoutForMagic(header->magic);
  if (layout.ok()) {
    report->python = (*layout)->python;
  } else {
    report->problems.push_back(layout.status().message());
  }
  const marshal::CodeLayout* known = layout.ok() ? *layout : nullptr;
  if (source != nullptr) {
    report->source_status = CompareSource(pyc, *header, known, *source, report);
  }
  if (known != nullptr) InspectCode(pyc, *known, report);
}

}  // namespace pycpack::inspect
