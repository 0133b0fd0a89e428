#include "build/version.h"

#include <archive.h>
#include <libdeflate.h>
#include <openssl/crypto.h>
#include <zlib.h>
#include <zstd.h>

#include <memory>
#include <string>
#include <utility>
#include <string_view>

#include "marshal/canonical.h"

namespace pycpack {
namespace {

// |text| without |prefix| (and the blanks after it) if it starts with it.
std::string_view WithoutPrefix(std::string_view text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix) return text;
  text.remove_prefix(prefix.size());
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  return text;
}

std::string EmbeddedLine(const Result<InterpreterInfo>& embedded) {
  if (!embedded.ok()) return "unavailable (" + embedded.status().message() + ")";
  const InterpreterInfo& info = *embedded;
  std::string line = info.version;
  if (info.magic.size() >= 2) {
    // PEP 552: the first two bytes are the magic number, little endian.
    const unsigned magic = static_cast<unsigned char>(info.magic[0]) |
                           static_cast<unsigned char>(info.magic[1]) << 8;
    line += " (magic number " + std::to_string(magic) + ", cache tag " +
            info.cache_tag + ")";
  }
  return line;
}

// "3.6.2 (zlib/1.2.13 liblzma/5.4.1 ...)": the run-time libarchive and the
// libraries it was built with. Asked one by one: archive_version_details()
// keeps its text in a buffer it never frees, which LeakSanitizer reports.
std::string LibarchiveLine() {
  const std::string_view version = WithoutPrefix(archive_version_string(), "libarchive");
  std::string details;
  const std::pair<const char*, const char*> libs[] = {
      {"zlib", archive_zlib_version()},     {"liblzma", archive_liblzma_version()},
      {"bz2lib", archive_bzlib_version()},  {"liblz4", archive_liblz4_version()},
      {"libzstd", archive_libzstd_version()}};
  for (const auto& [name, v] : libs) {
    if (v == nullptr) continue;
    std::string_view number = v;  // bzip2 adds ", <date>"
    number = number.substr(0, number.find(','));
    details += std::string(details.empty() ? "" : " ") + name + "/" + std::string(number);
  }
  if (details.empty()) return std::string(version);
  return std::string(version) + " (" + details + ")";
}

}  // namespace

std::string PycpackVersion() { return PYCPACK_VERSION; }

std::string VersionText(const Result<InterpreterInfo>& embedded) {
  std::string text = "pycpack " + PycpackVersion() + "\n";
  text += "embedded CPython: " + EmbeddedLine(embedded) + "\n";
  text += "canonical pyc form: version " + std::to_string(kCanonicalFormVersion) + "\n";
  text += "libarchive: " + LibarchiveLine() + "\n";
  text += "libdeflate: " LIBDEFLATE_VERSION_STRING "\n";
  text += std::string("libzstd: ") + ZSTD_versionString() + "\n";
  text += std::string("zlib: ") + zlibVersion() + "\n";
  text += "OpenSSL: " +
          std::string(WithoutPrefix(OpenSSL_version(OPENSSL_VERSION), "OpenSSL")) + "\n";
  return text;
}

Result<InterpreterInfo> EmbeddedInterpreterInfo() {
  Result<std::unique_ptr<Compiler>> compiler = NewEmbeddedCompiler();
  if (!compiler.ok()) return compiler.status();
  return (*compiler)->info();
}

}  // namespace pycpack
