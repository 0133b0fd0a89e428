#include "archive/test_archives.h"

#include <archive.h>
#include <archive_entry.h>

#include <stdexcept>

namespace pycpack::testing {
namespace {

void Check(struct archive* a, int rc) {
  if (rc != ARCHIVE_OK) {
    const char* why = archive_error_string(a);  // may be null
    throw std::runtime_error(std::string("libarchive: ") + (why ? why : "error"));
  }
}

void AddMember(struct archive* a, const TestMember& m) {
  struct archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, m.name.c_str());
  archive_entry_set_mtime(e, m.mtime, 0);
  archive_entry_set_perm(e, m.perm ? m.perm : m.type == 'd' ? 0755 : 0644);
  switch (m.type) {
    case 'd': archive_entry_set_filetype(e, AE_IFDIR); break;
    case 's':
      archive_entry_set_filetype(e, AE_IFLNK);
      archive_entry_set_symlink(e, m.target.c_str());
      break;
    case 'h':
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_hardlink(e, m.target.c_str());
      break;
    case 'p': archive_entry_set_filetype(e, AE_IFIFO); break;
    default:
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_size(e, static_cast<la_int64_t>(m.data.size()));
  }
  int rc = archive_write_header(a, e);
  archive_entry_free(e);
  Check(a, rc);
  if (m.type == 'f' && !m.data.empty()) {
    if (archive_write_data(a, m.data.data(), m.data.size()) < 0) Check(a, -1);
  }
}

}  // namespace

TestMember File(std::string name, std::string data, int64_t mtime) {
  TestMember m;
  m.name = std::move(name);
  m.data = std::move(data);
  m.mtime = mtime;
  return m;
}

TestMember Dir(std::string name) {
  TestMember m;
  m.name = std::move(name);
  m.type = 'd';
  return m;
}

TestMember Symlink(std::string name, std::string target) {
  TestMember m;
  m.name = std::move(name);
  m.type = 's';
  m.target = std::move(target);
  return m;
}

TestMember HardLink(std::string name, std::string target) {
  TestMember m = Symlink(std::move(name), std::move(target));
  m.type = 'h';
  return m;
}

TestMember Fifo(std::string name) {
  TestMember m;
  m.name = std::move(name);
  m.type = 'p';
  return m;
}

void WriteTestArchive(const std::string& path, TestFormat format,
                      const std::vector<TestMember>& members) {
  struct archive* a = archive_write_new();
  if (format == TestFormat::kZip) {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
    if (format == TestFormat::kTarGz) archive_write_add_filter_gzip(a);
  }
  try {
    Check(a, archive_write_open_filename(a, path.c_str()));
    for (const TestMember& m : members) AddMember(a, m);
    Check(a, archive_write_close(a));
  } catch (...) {
    archive_write_free(a);
    throw;
  }
  archive_write_free(a);
}

}  // namespace pycpack::testing
