#include "input/wheel_layout.h"

#include <cctype>

#include "plan/dist_info.h"
#include <set>

namespace pycpack {
namespace {

constexpr std::string_view kDistInfo = ".dist-info";
constexpr std::string_view kData = ".data";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

// The first component of |path|.
std::string_view Top(std::string_view path) {
  return path.substr(0, path.find('/'));
}

bool IsDir(const ArchiveMember& m) { return m.type == FileType::kDirectory; }

// A top-level directory named "*<suffix>" holds |key| (or is it).
bool InTopDirNamed(std::string_view key, bool is_dir, std::string_view suffix) {
  std::string_view top = Top(key);
  return EndsWith(top, suffix) && (top.size() < key.size() || is_dir);
}

// |m|'s name without a directory's trailing '/', once it is known to be a
// plain relative name.
Status CheckName(const ArchiveMember& m, std::string* key) {
  PYCPACK_RETURN_IF_ERROR(CheckMemberName(m.name));
  std::string_view k = m.name;
  if (IsDir(m) && k.back() == '/') k.remove_suffix(1);
  size_t start = 0;
  for (;;) {
    size_t end = std::min(k.find('/', start), k.size());
    std::string_view part = k.substr(start, end - start);
    if (part.empty() || part == ".") {
      return UnsafeError("name with an empty or '.' component");
    }
    if (end == k.size()) break;
    start = end + 1;
  }
  *key = std::string(k);
  return Status::Ok();
}

Status CheckKind(const ArchiveMember& m) {
  if (m.type == FileType::kRegular || IsDir(m)) return Status::Ok();
  if (m.type == FileType::kSymlink) {
    return UnsafeError(
        "a symlink; a wheel may hold only regular files and "
        "directories");
  }
  return UnsafeError(
      "neither a regular file nor a directory; a wheel may "
      "hold only those");
}

// Names, kinds and repeats; |keys| receives each member's CheckName key.
Status CheckMembers(const std::vector<ArchiveMember>& members,
                    std::vector<std::string>* keys) {
  std::set<std::string> seen;
  for (const ArchiveMember& m : members) {
    std::string key;
    Status s = CheckName(m, &key);
    if (s.ok()) s = CheckKind(m);
    if (s.ok() && !seen.insert(key).second) {
      s = UnsafeError("appears twice in the wheel");
    }
    if (!s.ok()) return s.WithContext("entry '" + m.name + "'");
    keys->push_back(std::move(key));
  }
  return Status::Ok();
}

// The one top-level .dist-info directory, which has a WHEEL file.
Result<std::string> FindDistInfo(const std::vector<ArchiveMember>& members,
                                 const std::vector<std::string>& keys) {
  std::set<std::string> dirs;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (InTopDirNamed(keys[i], IsDir(members[i]), kDistInfo)) {
      dirs.insert(std::string(Top(keys[i])));
    }
  }
  if (dirs.empty()) {
    return IoError(
        "no top-level <name>-<version>.dist-info directory: not "
        "a wheel");
  }
  if (dirs.size() > 1) {
    std::string names;
    for (const std::string& d : dirs)
      names += (names.empty() ? "'" : ", '") + d + "'";
    return IoError("several .dist-info directories (" + names +
                   "); a wheel has exactly one");
  }
  const std::string& dir = *dirs.begin();
  std::string_view stem =
      std::string_view(dir).substr(0, dir.size() - kDistInfo.size());
  size_t dash = stem.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == stem.size()) {
    return IoError("'" + dir + "' is not named <name>-<version>.dist-info");
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == dir + "/WHEEL" && members[i].type == FileType::kRegular) {
      return dir;
    }
  }
  return IoError("'" + dir + "' has no WHEEL file");
}

// Where a member of the .data directory goes; |rest| is its path inside
// that directory.
Status PlaceData(std::string_view rest, bool is_dir, std::string* placed) {
  std::string_view category = Top(rest);
  std::string_view sub =
      category.size() < rest.size() ? rest.substr(category.size() + 1) : "";
  *placed = "";
  if (category == "purelib" || category == "platlib") {
    if (sub.empty() && !is_dir) {
      return IoError("a file where .data/" + std::string(category) +
                     " should be a directory");
    }
    if (InTopDirNamed(sub, is_dir, kDistInfo)) {
      return IoError(".data/" + std::string(category) +
                     " may not hold a .dist-info directory");
    }
    *placed = std::string(sub);
    return Status::Ok();
  }
  if (category == "scripts" || category == "headers" || category == "data") {
    if (is_dir) return Status::Ok();  // nothing to install
    return IoError("the files of .data/" + std::string(category) +
                   " install outside site-packages, so a site-packages tree "
                   "cannot hold them (only .data/purelib and .data/platlib "
                   "can be shipped)");
  }
  if (sub.empty() && !is_dir) {
    return IoError(
        "a file directly in the .data directory (its files belong "
        "in purelib, platlib, scripts, headers or data)");
  }
  return IoError("unknown .data category '" + std::string(category) +
                 "' (a wheel has purelib, platlib, scripts, headers and "
                 "data)");
}

// Where the member |key| goes in the tree; "" for nowhere.
Status Place(std::string_view key, bool is_dir, const std::string& data,
             std::string* placed) {
  if (!InTopDirNamed(key, is_dir, kData)) {
    *placed = std::string(key);
    return Status::Ok();
  }
  std::string_view top = Top(key);
  if (top != data) {
    return IoError("'" + std::string(top) +
                   "' is not the wheel's .data directory ('" + data + "')");
  }
  *placed = "";
  if (top.size() == key.size()) return Status::Ok();
  return PlaceData(key.substr(top.size() + 1), is_dir, placed);
}

// No two members at one path (directories aside), none below a file.
Status CheckPlacement(const std::vector<ArchiveMember>& members,
                      const WheelLayout& layout) {
  std::map<std::string, size_t> at;  // placed path -> member
  for (size_t i = 0; i < members.size(); ++i) {
    const std::string& path = layout.placement.at(members[i].name);
    if (path.empty()) continue;
    auto [it, fresh] = at.emplace(path, i);
    if (!fresh && !(IsDir(members[i]) && IsDir(members[it->second]))) {
      return UnsafeError("entry '" + members[i].name + "': goes to '" + path +
                         "', where entry '" + members[it->second].name +
                         "' goes too");
    }
  }
  // Paths that differ only in case collide on case-insensitive file
  // systems (macOS, Windows): where the artifact is unpacked one would
  // silently replace the other.
  std::map<std::string, const std::string*> folded;
  for (const auto& [path, i] : at) {
    std::string key = path;
    for (char& c : key) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    auto [it, fresh] = folded.emplace(key, &path);
    if (!fresh) {
      return UnsafeError("entry '" + members[i].name + "': '" + path +
                         "' differs only in case from '" + *it->second +
                         "' (they collide on case-insensitive file systems)");
    }
  }
  for (const auto& [path, i] : at) {
    if (IsDir(members[i])) continue;
    auto below = at.lower_bound(path + "/");
    if (below != at.end() && below->first.rfind(path + "/", 0) == 0) {
      return UnsafeError("entry '" + members[below->second].name +
                         "': goes below '" + path + "', which entry '" +
                         members[i].name + "' makes a file");
    }
  }
  return Status::Ok();
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

Result<WheelLayout> PlanWheelLayout(const std::vector<ArchiveMember>& members) {
  std::vector<std::string> keys;
  PYCPACK_RETURN_IF_ERROR(CheckMembers(members, &keys));
  Result<std::string> dist_info = FindDistInfo(members, keys);
  if (!dist_info.ok()) return dist_info.status();
  WheelLayout layout;
  layout.dist_info = *dist_info;
  const std::string data =
      dist_info->substr(0, dist_info->size() - kDistInfo.size()) +
      std::string(kData);
  for (size_t i = 0; i < members.size(); ++i) {
    std::string placed;
    Status s = Place(keys[i], IsDir(members[i]), data, &placed);
    if (!s.ok()) return s.WithContext("entry '" + members[i].name + "'");
    layout.placement[members[i].name] = std::move(placed);
  }
  PYCPACK_RETURN_IF_ERROR(CheckPlacement(members, layout));
  return layout;
}

namespace {

std::string NormalizedVersion(std::string_view v) {
  std::string out;
  for (char c : v) {
    out += c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

Status CheckWheelFileName(std::string_view file_name, std::string_view dist_info) {
  std::string_view stem = file_name;
  if (stem.ends_with(".whl")) stem.remove_suffix(4);
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    size_t dash = stem.find('-', start);
    parts.push_back(stem.substr(start, dash == std::string_view::npos ? dash : dash - start));
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  if (parts.size() != 5 && parts.size() != 6) {
    return IoError("the file name '" + std::string(file_name) +
                   "' is not <name>-<version>[-<build>]-<python>-<abi>-<platform>.whl");
  }
  std::string_view dir = dist_info.substr(0, dist_info.size() - kDistInfo.size());
  const size_t dash = dir.rfind('-');
  std::string_view name = dir.substr(0, dash), version = dir.substr(dash + 1);
  if (EscapeDistName(parts[0]) != EscapeDistName(name) ||
      NormalizedVersion(parts[1]) != NormalizedVersion(version)) {
    return IoError("the file name says " + std::string(parts[0]) + " " + std::string(parts[1]) +
                   ", but the wheel holds " + std::string(dist_info) + " (" +
                   std::string(name) + " " + std::string(version) + ")");
  }
  return Status::Ok();
}

Status CheckWheelMetadata(std::string_view text) {
  while (!text.empty()) {
    size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    size_t colon = line.find(':');
    if (colon == std::string_view::npos ||
        !EqualsIgnoringCase(Trim(line.substr(0, colon)), "Wheel-Version")) {
      continue;
    }
    std::string_view version = Trim(line.substr(colon + 1));
    if (version.substr(0, version.find('.')) == "1") return Status::Ok();
    return IoError("Wheel-Version " + std::string(version) +
                   " is not supported (this pycpack reads 1.x)");
  }
  return IoError("no Wheel-Version");
}

}  // namespace pycpack
