#include "test_entries.h"

#include <zlib.h>

#include <cstdint>
#include <stdexcept>

namespace pycpack {

OwnedEntry Dir(std::string path) {
  return OwnedEntry{std::move(path), ArchiveEntry::Type::kDirectory, 0755, ""};
}

OwnedEntry File(std::string path, std::string data, uint32_t mode) {
  return OwnedEntry{std::move(path), ArchiveEntry::Type::kFile, mode,
                    std::move(data)};
}

namespace {

// Deterministic bytes that deflate only partly: a linear congruential
// sequence mixed with repeated text.
std::string NoisyData(size_t size) {
  std::string out;
  out.reserve(size);
  uint32_t x = 12345;
  while (out.size() < size) {
    x = x * 1103515245u + 12345u;
    out += (x >> 24) & 1 ? "def f():\n    return 42\n" : "";
    out += static_cast<char>(x >> 16);
  }
  out.resize(size);
  return out;
}

}  // namespace

std::vector<OwnedEntry> SampleEntries() {
  return {
      Dir("pkg"),
      File("pkg/__init__.py", ""),
      File("pkg/" + std::string(120, 'a') + ".py", "long = True\n"),
      File("pkg/caf\xc3\xa9.py", "name = 'caf\xc3\xa9'\n"),
      File("pkg/mod.py", "print('hello')\n"),
      Dir("pkg/sub"),
      File("pkg/sub/run.sh", "#!/bin/sh\necho run\n", 0755),
      File("z.bin", NoisyData(300000)),
  };
}

Status WriteAll(ArchiveWriter& writer, const std::vector<OwnedEntry>& entries) {
  for (const OwnedEntry& e : entries) {
    PYCPACK_RETURN_IF_ERROR(writer.Add(e.view()));
  }
  return writer.Finish();
}

Result<std::string> WriteArtifact(OutputFormat format, FileSystem& fs,
                                  const std::string& path,
                                  const std::vector<OwnedEntry>& entries,
                                  const ArchiveOptions& options) {
  auto writer = NewArchiveWriter(format, &fs, path, options);
  if (!writer.ok()) return writer.status();
  PYCPACK_RETURN_IF_ERROR(WriteAll(**writer, entries));
  if (format == OutputFormat::kDir) return std::string();
  return fs.ReadFile(path);
}

std::string RawDeflate(const std::string& data, int level) {
  z_stream z = {};
  if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
  return out;
}

}  // namespace pycpack
