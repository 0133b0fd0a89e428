#include "cli/canonicalize.h"

#include "fs/find_files.h"
#include "marshal/canonical.h"
#include "pycpack/archive.h"
#include "util/paths.h"

namespace pycpack {
namespace {

// Appends |path| (a file) or the .pyc files below it (a directory).
Status Collect(FileSystem* fs, const std::string& path,
               std::vector<std::string>* out) {
  Result<FileInfo> info = fs->Stat(path);
  if (!info.ok()) return info.status();
  if (info->type != FileType::kDirectory) {
    out->push_back(path);
    return Status::Ok();
  }
  return FindFiles(fs, path, ".pyc", out);
}

Status Rewrite(FileSystem* fs, const std::string& path, std::string_view bytes,
               uint32_t mode) {
  Result<std::unique_ptr<StagedOutput>> staged = StagedOutput::Begin(fs, path);
  if (!staged.ok()) return staged.status();
  Result<std::unique_ptr<WritableFile>> f =
      fs->NewWritableFile((*staged)->staging_path(), mode);
  if (!f.ok()) return f.status();
  PYCPACK_RETURN_IF_ERROR((*f)->Append(bytes));
  PYCPACK_RETURN_IF_ERROR((*f)->Close());
  return (*staged)->Commit();
}

// Handles one file; returns whether it was (or, checking, would be) changed.
Result<bool> One(FileSystem* fs, const std::string& path, bool check) {
  Result<FileInfo> info = fs->Stat(path);
  if (!info.ok()) return info.status();
  Result<std::string> pyc = fs->ReadFile(path);
  if (!pyc.ok()) return pyc.status();
  Result<std::string> canon = CanonicalizePyc(*pyc);
  if (!canon.ok()) return canon.status().WithContext(path);
  if (*canon == *pyc) return false;
  if (!check) PYCPACK_RETURN_IF_ERROR(Rewrite(fs, path, *canon, info->mode));
  return true;
}

}  // namespace

int RunCanonicalize(const CanonicalizeOptions& opt, FileSystem* fs,
                    std::ostream& log, CanonicalizeReport* report) {
  std::vector<std::string> files;
  for (const std::string& p : opt.paths) {
    if (Status s = Collect(fs, p, &files); !s.ok()) {
      log << "pycpack: error: " << s.message() << '\n';
      ++report->errors;
    }
  }
  for (const std::string& path : files) {
    ++report->files;
    Result<bool> changed = One(fs, path, opt.check);
    if (!changed.ok()) {
      log << "pycpack: error: " << changed.status().message() << '\n';
      ++report->errors;
      continue;
    }
    if (*changed) {
      ++report->changed;
      if (opt.check || opt.verbosity > 1) {
        log << path << (opt.check ? ": not canonical\n" : ": rewritten\n");
      }
    } else if (opt.verbosity > 1) {
      log << path << ": canonical\n";
    }
  }
  if (opt.verbosity > 0) {
    log << "pycpack: " << report->files << " pyc files, " << report->changed
        << (opt.check ? " not canonical" : " rewritten") << ", "
        << report->errors << " errors\n";
  }
  return report->errors || (opt.check && report->changed) ? 1 : 0;
}

}  // namespace pycpack
