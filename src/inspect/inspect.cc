#include "inspect/inspect.h"

#include <memory>

#include "inspect/input.h"

namespace pycpack::inspect {
namespace {

// Reads the source |name| points at, if any. Read errors go to |errors|.
std::optional<SourceFile> FindSource(Input* input, const PycName& name,
                                     std::vector<std::string>* errors,
                                     PycReport* report) {
  if (!name.source) return std::nullopt;
  Result<std::optional<std::string>> bytes = input->ReadIfPresent(*name.source);
  if (!bytes.ok()) {
    errors->push_back(bytes.status().message());
    report->problems.push_back("cannot read the source: " + bytes.status().message());
    return std::nullopt;
  }
  if (!bytes->has_value()) return std::nullopt;
  return SourceFile{*name.source, std::move(**bytes)};
}

void InspectInput(Input* input, const std::string& given, InspectReport* out) {
  for (const std::string& path : input->pycs()) {
    PycReport report;
    report.input = given;
    report.path = path;
    Result<std::string> pyc = input->Read(path);
    if (!pyc.ok()) {
      out->errors.push_back(pyc.status().message());
      report.problems.push_back(pyc.status().message());
      out->pycs.push_back(std::move(report));
      continue;
    }
    const PycName name = ClassifyPycPath(path);
    std::optional<SourceFile> source = FindSource(input, name, &out->errors, &report);
    InspectPyc(*pyc, name, source ? &*source : nullptr, &report);
    out->pycs.push_back(std::move(report));
  }
}

}  // namespace

InspectReport Inspect(const std::vector<std::string>& paths, FileSystem* fs) {
  InspectReport out;
  for (const std::string& path : paths) {
    InputReport in;
    in.path = path;
    Result<std::unique_ptr<Input>> input = OpenInput(fs, path);
    if (!input.ok()) {
      in.error = input.status().message();
      out.errors.push_back(input.status().message());
      out.inputs.push_back(std::move(in));
      continue;
    }
    in.kind = (*input)->kind();
    in.pycs = (*input)->pycs().size();
    out.inputs.push_back(std::move(in));
    InspectInput(input->get(), path, &out);
  }
  return out;
}

}  // namespace pycpack::inspect
