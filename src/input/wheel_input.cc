#include "input/wheel_input.h"

#include <sys/stat.h>

#include <cerrno>

#include "archive/extract.h"
#include "fs/fs_errors.h"
#include "input/wheel_layout.h"
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

}  // namespace

Status ExtractWheel(const std::string& wheel, const std::string& dest) {
  Result<std::vector<ArchiveMember>> members =
      ListArchiveMembers(wheel, ArchiveKind::kZip);
  if (!members.ok()) return members.status();
  Result<WheelLayout> layout = PlanWheelLayout(*members);
  if (!layout.ok()) return layout.status().WithContext(wheel);
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
  return s.WithContext(wheel + ": entry '" + wheel_file + "'");
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
