#include "input/wheel_input.h"

#include "util/paths.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <set>

#include "archive/extract.h"
#include "fs/fs_errors.h"
#include "input/wheel_layout.h"
#include "plan/dist_info.h"
#include "util/sha256.h"
#include "pycpack/filesystem.h"
#include "util/interrupt.h"

namespace pycpack {
namespace {

// ExtractOptions::place for the members of |layout|: each goes where the
// layout says, once, and leaves it; a member it does not know means the
// wheel changed since it was listed.
Status PlaceMember(WheelLayout* layout, std::string* name) {
  if (Interrupted()) return InterruptedError();
  auto it = layout->placement.find(*name);
  if (it == layout->placement.end()) {
    return IoError("not in the wheel when it was checked (did it change?)");
  }
  *name = it->second;
  layout->placement.erase(it);
  return Status::Ok();
}

// A wheel may expand to at most this many times its size (and always to
// kBombFloor): beyond that it is far more likely a zip bomb than code.
constexpr uint64_t kMaxExpansion = 100;
constexpr uint64_t kBombFloor = 64ull << 20;

Status CheckExpansion(const std::string& wheel,
                      const std::vector<ArchiveMember>& members) {
  struct stat st;
  uint64_t file = ::stat(wheel.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  uint64_t total = 0;
  for (const ArchiveMember& m : members) total += m.size;
  uint64_t limit = std::max(kBombFloor, file * kMaxExpansion);
  if (total <= limit) return Status::Ok();
  return UnsafeError(wheel + ": its members expand to " + std::to_string(total >> 20) +
                     " MiB from a " + std::to_string(file >> 10) +
                     " KiB file (more than " + std::to_string(kMaxExpansion) +
                     " times): refused as a likely zip bomb");
}

// Checks the extracted wheel against its RECORD as installer (the
// reference implementation) does: every row with a hash names a member
// whose bytes have that hash (and that size, when given), and every file
// of the wheel is listed, but RECORD itself and the signatures RECORD.jws
// and RECORD.p7s. (pip 23 installs an unlisted file and adds it to the
// installed RECORD without a hash; pycpack, which writes RECORDs with a
// hash for every file, would then vouch for bytes nobody checked.) |placed|
// maps member names to paths below |dest|.
Status CheckRecord(const std::string& wheel, const std::string& dest,
                   const std::string& dist_info,
                   const std::map<std::string, std::string>& placed) {
  const std::string record_name = dist_info + "/RECORD";
  std::unique_ptr<FileSystem> fs = NewRealFileSystem();
  Result<std::string> text = fs->ReadFile(dest + "/" + record_name);
  if (!text.ok()) {
    return IoError(wheel + ": no " + record_name + " (every wheel lists its files there)");
  }
  Result<std::vector<RecordEntry>> rows = ParseRecord(*text);
  if (!rows.ok()) return rows.status().WithContext(wheel + ": entry '" + record_name + "'");
  for (const RecordEntry& row : *rows) {
    if (row.hash.empty()) continue;
    const std::string where = wheel + ": entry '" + record_name + "': ";
    auto it = placed.find(row.path);
    if (it == placed.end() || it->second.empty()) {
      return UnsafeError(where + "lists '" + row.path + "', which the wheel does not hold");
    }
    Result<std::string> data = fs->ReadFile(dest + "/" + it->second);
    if (!data.ok()) return data.status();
    size_t eq = row.hash.find('=');
    std::string algorithm = row.hash.substr(0, eq);
    Result<std::string> actual = RecordHash(algorithm, *data);
    if (!actual.ok()) return actual.status().WithContext(where + "'" + row.path + "'");
    if (*actual != row.hash) {
      return UnsafeError(where + "says '" + row.path + "' has " + row.hash +
                         ", but it has " + *actual);
    }
    if (!row.size.empty() && row.size != std::to_string(data->size())) {
      return UnsafeError(where + "says '" + row.path + "' is " + row.size +
                         " bytes, but it is " + std::to_string(data->size()));
    }
  }
  std::set<std::string> listed;
  for (const RecordEntry& row : *rows) listed.insert(row.path);
  for (const auto& [member, path] : placed) {
    const bool dir = member.ends_with("/");
    const bool exempt = member == record_name || member == record_name + ".jws" ||
                        member == record_name + ".p7s";
    if (!dir && !exempt && !listed.count(member)) {
      return UnsafeError(wheel + ": entry '" + member + "': not listed in " + record_name +
                         " (a file the RECORD does not vouch for is refused)");
    }
  }
  return Status::Ok();
}

}  // namespace

Status ExtractWheel(const std::string& wheel, const std::string& dest) {
  Result<std::vector<ArchiveMember>> members =
      ListArchiveMembers(wheel, ArchiveKind::kZip);
  if (!members.ok()) return members.status();
  PYCPACK_RETURN_IF_ERROR(CheckExpansion(wheel, *members));
  Result<WheelLayout> layout = PlanWheelLayout(*members);
  if (!layout.ok()) return layout.status().WithContext(wheel);
  PYCPACK_RETURN_IF_ERROR(
      CheckWheelFileName(BaseName(wheel), layout->dist_info).WithContext(wheel));
  const std::map<std::string, std::string> placed = layout->placement;
  const std::string wheel_file = layout->dist_info + "/WHEEL";
  ExtractOptions options;
  options.kind = ArchiveKind::kZip;
  options.normalize_modes = true;
  options.place = [&layout](std::string* name) {
    return PlaceMember(&*layout, name);
  };
  PYCPACK_RETURN_IF_ERROR(ExtractArchive(wheel, dest, options));
  if (!layout->placement.empty()) {
    return IoError(wheel + ": entry '" + layout->placement.begin()->first +
                   "': gone when the wheel was extracted (did it change?)");
  }
  Result<std::string> text =
      NewRealFileSystem()->ReadFile(dest + "/" + wheel_file);
  Status s = text.ok() ? CheckWheelMetadata(*text) : text.status();
  PYCPACK_RETURN_IF_ERROR(s.WithContext(wheel + ": entry '" + wheel_file + "'"));
  return CheckRecord(wheel, dest, layout->dist_info, placed);
}

Result<std::unique_ptr<ScratchDir>> ExtractWheelLibraries(Manifest* m) {
  std::unique_ptr<ScratchDir> dir;
  for (size_t i = 0; i < m->libraries.size(); ++i) {
    Library& lib = m->libraries[i];
    if (lib.wheel.empty()) continue;
    if (!dir) {
      Result<std::unique_ptr<ScratchDir>> made =
          ScratchDir::Create("pycpack-wheel-");
      if (!made.ok()) return made.status();
      dir = std::move(made).value();
    }
    // Named by index: library names may be "." or "..".
    std::string root = dir->path() + "/" + std::to_string(i);
    Status s = ::mkdir(root.c_str(), 0755) == 0
                   ? ExtractWheel(lib.wheel, root)
                   : ErrnoStatus("create directory", root, errno);
    if (!s.ok()) {
      return s.WithContext(m->path + ": " + lib.json_path + " (library \"" +
                           lib.name + "\")");
    }
    lib.root = root;
  }
  return dir;
}

}  // namespace pycpack
