#include "archive/uncompressed_digest.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "util/sha256.h"

namespace pycpack {

Result<std::string> UncompressedSha256(FileSystem* fs, const std::string& path) {
  Result<std::string> data = fs->ReadFile(path);
  if (!data.ok()) return data.status();
  std::unique_ptr<struct archive, int (*)(struct archive*)> a(archive_read_new(),
                                                             archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_raw(a.get());
  auto fail = [&](const char* what) -> Status {
    const char* why = archive_error_string(a.get());
    return IoError("'" + path + "': cannot " + what + (why ? std::string(": ") + why : ""));
  };
  if (archive_read_open_memory(a.get(), data->data(), data->size()) != ARCHIVE_OK) {
    return fail("open");
  }
  struct archive_entry* entry;
  Sha256 hash;
  int rc = archive_read_next_header(a.get(), &entry);
  if (rc == ARCHIVE_EOF) return hash.HexDigest();  // empty input
  if (rc != ARCHIVE_OK) return fail("read");
  char buf[1 << 16];
  for (;;) {
    la_ssize_t n = archive_read_data(a.get(), buf, sizeof buf);
    if (n < 0) return fail("decompress");
    if (n == 0) break;
    hash.Update(std::string_view(buf, static_cast<size_t>(n)));
  }
  return hash.HexDigest();
}

}  // namespace pycpack
