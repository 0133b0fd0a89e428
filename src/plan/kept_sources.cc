#include "plan/kept_sources.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "util/escape.h"
#include "util/paths.h"

namespace pycpack {
namespace {

using When = PlannedEntry::When;

// The length of a UTF-8 sequence starting with |lead|, 0 if none does.
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xe) return 3;
  if ((lead >> 3) == 0x1e) return 4;
  return 0;
}

// |s| as a JSON string literal; bytes outside valid UTF-8 as \udcXX.
std::string JsonString(std::string_view s) {
  std::string out = "\"";
  char buf[8];
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = SequenceLength(c);
    if (n == 0 || i + n > s.size() || !IsValidUtf8(s.substr(i, n))) {
      std::snprintf(buf, sizeof buf, "\\udc%02x", c);
      out += buf;
      ++i;
      continue;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out + "\"";
}

}  // namespace

void AddKeepUnit(const Plan& plan, size_t fi, const std::string& prefix,
                 const std::vector<size_t>& checks,
                 std::vector<PlannedEntry>* entries, PlannedOutput* out) {
  std::set<size_t> jobs(checks.begin(), checks.end());
  for (const PlannedEntry& e : *entries) {
    if (e.source == PlannedEntry::Source::kPyc) jobs.insert(e.index);
  }
  if (jobs.empty()) return;
  size_t unit = out->units.size();
  out->units.push_back({fi, prefix + plan.files[fi].rel_path,
                        std::vector<size_t>(jobs.begin(), jobs.end())});
  for (PlannedEntry& e : *entries) {
    if (e.when != When::kAlways) e.units = {unit};
  }
}

Status AddKeptList(const std::string& where, const std::string& dir,
                   std::map<std::string, PlannedEntry>* entries) {
  std::string path = dir + std::string(kKeptSourcesName);
  PlannedEntry list{path, PlannedEntry::Source::kKeptList, 0, 0644, When::kIfAnyKept};
  if (!entries->emplace(path, list).second) {
    return ManifestError(where + ": '" + path +
                         "' is where pycpack lists the sources it keeps "
                         "(on_compile_error \"keep-source\"), but a library "
                         "ships a file there");
  }
  return Status::Ok();
}

void MarkConditionalDirs(std::map<std::string, PlannedEntry>* entries) {
  std::map<std::string, std::set<size_t>> units;  // dir -> units below
  std::set<std::string> always;  // dirs holding an entry that always ships
  for (const auto& [path, e] : *entries) {
    if (e.source == PlannedEntry::Source::kDirectory) continue;
    // A kIfKept source always has its kIfCompiled pyc beside it: one of the
    // two ships, so it counts as always.
    bool conditional = e.when == When::kIfCompiled;
    for (std::string_view dir = DirName(path); !dir.empty() && dir != "/";
         dir = DirName(dir)) {
      if (conditional) {
        units[std::string(dir)].insert(e.units.begin(), e.units.end());
      } else if (!always.insert(std::string(dir)).second) {
        break;  // and so are its parents
      }
    }
  }
  for (auto& [dir, below] : units) {
    if (always.count(dir)) continue;
    PlannedEntry& d = entries->at(dir);
    d.when = When::kIfCompiled;
    d.units.assign(below.begin(), below.end());
  }
}

std::string_view KeptListBase(std::string_view list_path) {
  std::string_view dir = DirName(list_path);
  return IsDistInfoPath(BaseName(dir)) ? DirName(dir) : dir;
}

std::string KeptListText(std::vector<KeptSource> kept) {
  std::sort(kept.begin(), kept.end(), [](const KeptSource& a, const KeptSource& b) {
    return a.path < b.path;
  });
  std::string text =
      "{\"format\": \"pycpack-kept-sources\", \"version\": 1, \"kept\": [";
  for (size_t i = 0; i < kept.size(); ++i) {
    const KeptSource& k = kept[i];
    std::string targets;
    for (const std::string& t : k.targets) {
      targets += (targets.empty() ? "" : ", ") + JsonString(t);
    }
    text += std::string(i ? "," : "") + "\n  {\"path\": " + JsonString(k.path) +
            ", \"targets\": [" + targets + "], \"line\": " +
            std::to_string(k.error.line) + ", \"col\": " +
            std::to_string(k.error.col) + ", \"kind\": " +
            JsonString(k.error.kind) + ", \"message\": " +
            JsonString(k.error.message) + "}";
  }
  return text + "\n]}\n";
}

}  // namespace pycpack
