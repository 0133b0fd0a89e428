#include "plan/dist_info.h"

#include <algorithm>
#include <map>

#include "util/paths.h"
#include "util/sha256.h"

namespace pycpack {
namespace {

std::string CsvField(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(field);
  }
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// True if |path| stays inside the directory it is relative to.
bool StaysInside(std::string_view path) {
  if (path.empty() || path[0] == '/') return false;
  int depth = 0;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = std::min(path.find('/', start), path.size());
    std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      if (--depth < 0) return false;
    } else if (!part.empty() && part != ".") {
      ++depth;
    }
    start = end + 1;
  }
  return depth > 0;
}

}  // namespace

Result<std::vector<RecordEntry>> ParseRecord(std::string_view record) {
  std::vector<RecordEntry> rows;
  size_t i = 0;
  while (i < record.size()) {
    std::vector<std::string> fields(1);
    bool line_end = false;
    while (!line_end) {
      std::string& field = fields.back();
      if (i < record.size() && record[i] == '"') {
        ++i;
        for (;;) {
          if (i >= record.size()) return IoError("RECORD: a quoted field is not closed");
          if (record[i] == '"') {
            if (i + 1 < record.size() && record[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          field += record[i++];
        }
      }
      while (i < record.size() && record[i] != ',' && record[i] != '\n' &&
             record[i] != '\r') {
        field += record[i++];
      }
      if (i < record.size() && record[i] == ',') {
        ++i;
        fields.emplace_back();
        continue;
      }
      if (i < record.size() && record[i] == '\r') ++i;
      if (i < record.size() && record[i] == '\n') ++i;
      line_end = true;
    }
    if (fields.size() == 1 && fields[0].empty()) continue;
    fields.resize(std::max<size_t>(fields.size(), 3));
    rows.push_back({fields[0], fields[1], fields[2]});
  }
  return rows;
}

Result<std::vector<std::string>> ParseRecordPaths(std::string_view record) {
  Result<std::vector<RecordEntry>> rows = ParseRecord(record);
  if (!rows.ok()) return rows.status();
  std::vector<std::string> paths;
  for (const RecordEntry& row : *rows) {
    if (row.path.empty() || !StaysInside(row.path)) continue;
    paths.push_back(NormalizePath(row.path));
  }
  return paths;
}

std::string RecordRow(std::string_view path, std::string_view data) {
  return RecordRowOfHash(path, Sha256RecordHash(data), data.size());
}

std::string RecordRowOfHash(std::string_view path, std::string_view hash,
                            uint64_t size) {
  return CsvField(path) + "," + std::string(hash) + "," + std::to_string(size) + "\n";
}

std::string RecordSelfRow(std::string_view path) { return CsvField(path) + ",,\n"; }

std::string EscapeDistName(std::string_view name) {
  std::string out;
  bool sep = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      sep = true;
      continue;
    }
    if (sep && !out.empty()) out += '_';
    sep = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::string CompressedTagSet(const std::vector<std::string>& tags) {
  // Each part of the tags, in first-seen order, without repeats.
  std::vector<std::string> parts[3];
  for (const std::string& tag : tags) {
    size_t a = tag.find('-');
    size_t b = tag.find('-', a + 1);
    std::string pieces[3] = {tag.substr(0, a), tag.substr(a + 1, b - a - 1),
                             tag.substr(b + 1)};
    for (int k = 0; k < 3; ++k) {
      if (std::find(parts[k].begin(), parts[k].end(), pieces[k]) == parts[k].end()) {
        parts[k].push_back(pieces[k]);
      }
    }
  }
  std::string out;
  for (int k = 0; k < 3; ++k) {
    if (k) out += '-';
    for (size_t i = 0; i < parts[k].size(); ++i) out += (i ? "." : "") + parts[k][i];
  }
  return out;
}

std::string WheelFile(std::string_view generator, bool purelib,
                      const std::vector<std::string>& tags) {
  std::string out = "Wheel-Version: 1.0\nGenerator: " + std::string(generator) +
                    "\nRoot-Is-Purelib: " + (purelib ? "true" : "false") + "\n";
  for (const std::string& t : tags) out += "Tag: " + t + "\n";
  return out;
}

WheelInfo ParseWheelFile(std::string_view text) {
  WheelInfo info;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start = end + 1;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view key = line.substr(0, colon);
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (key == "Tag") info.tags.emplace_back(value);
    if (key == "Root-Is-Purelib") info.purelib = value == "true";
  }
  return info;
}

std::string MetadataFile(const WheelMetadata& meta) {
  std::string out = "Metadata-Version: 2.1\nName: " + meta.name +
                    "\nVersion: " + meta.version + "\n";
  if (!meta.summary.empty()) out += "Summary: " + meta.summary + "\n";
  if (!meta.license.empty()) out += "License: " + meta.license + "\n";
  if (!meta.requires_python.empty()) {
    out += "Requires-Python: " + meta.requires_python + "\n";
  }
  for (const std::string& r : meta.requires_dist) out += "Requires-Dist: " + r + "\n";
  out += "Description-Content-Type: text/plain\n\n";
  std::string body = !meta.description.empty() ? meta.description
                     : !meta.summary.empty()   ? meta.summary
                                               : meta.name;
  if (body.back() != '\n') body += '\n';
  return out + body;
}

}  // namespace pycpack
