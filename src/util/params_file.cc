#include "util/params_file.h"

namespace pycpack {

Result<std::vector<std::string>> ExpandParamsFiles(const std::vector<std::string>& args,
                                                   const ReadParamsFn& read) {
  std::vector<std::string> out;
  for (const std::string& a : args) {
    if (a.size() < 2 || a[0] != '@') {
      out.push_back(a);
      continue;
    }
    Result<std::string> text = read(a.substr(1));
    if (!text.ok()) return UsageError("params file " + a + ": " + text.status().message());
    size_t start = 0;
    while (start < text->size()) {
      size_t end = text->find('\n', start);
      if (end == std::string::npos) end = text->size();
      std::string line = text->substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      out.push_back(line);
      start = end + 1;
    }
  }
  return out;
}

}  // namespace pycpack
