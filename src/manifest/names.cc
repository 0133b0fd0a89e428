// The manifest spellings of modes and output formats.
#include <array>
#include <utility>

#include "pycpack/manifest.h"

namespace pycpack {
namespace {

constexpr std::array<std::pair<Mode, std::string_view>, 5> kModes = {{
    {Mode::kInherit, "inherit"},
    {Mode::kPyOnly, "py-only"},
    {Mode::kPycOnly, "pyc-only"},
    {Mode::kPyPycChecked, "py+pyc-checked"},
    {Mode::kPyPycUnchecked, "py+pyc-unchecked"},
}};

constexpr std::array<std::pair<OutputFormat, std::string_view>, 8> kFormats = {{
    {OutputFormat::kDir, "dir"},
    {OutputFormat::kTar, "tar"},
    {OutputFormat::kTarGz, "tar.gz"},
    {OutputFormat::kTarZst, "tar.zst"},
    {OutputFormat::kZip, "zip"},
    {OutputFormat::kWheel, "wheel"},
    {OutputFormat::kLambdaLayer, "lambda-layer"},
    {OutputFormat::kOciLayer, "oci-layer"},
}};

constexpr std::array<std::pair<Compression, std::string_view>, 3> kCompressions = {{
    {Compression::kNone, "none"},
    {Compression::kGzip, "gzip"},
    {Compression::kZstd, "zstd"},
}};

}  // namespace

std::string_view ModeName(Mode mode) {
  for (const auto& [m, name] : kModes) {
    if (m == mode) return name;
  }
  return "unknown";
}

std::string_view FormatName(OutputFormat format) {
  for (const auto& [f, name] : kFormats) {
    if (f == format) return name;
  }
  return "unknown";
}

std::string_view CompressionName(Compression compression) {
  for (const auto& [c, name] : kCompressions) {
    if (c == compression) return name;
  }
  return "unknown";
}

std::optional<Mode> ParseModeName(std::string_view name) {
  for (const auto& [m, n] : kModes) {
    if (n == name) return m;
  }
  return std::nullopt;
}

std::optional<OutputFormat> ParseFormatName(std::string_view name) {
  for (const auto& [f, n] : kFormats) {
    if (n == name) return f;
  }
  return std::nullopt;
}

OutputFormat ContainerFormat(const Output& output) {
  switch (output.format) {
    case OutputFormat::kWheel:
    case OutputFormat::kLambdaLayer:
      return OutputFormat::kZip;
    case OutputFormat::kOciLayer:
      return output.compression == Compression::kNone   ? OutputFormat::kTar
             : output.compression == Compression::kGzip ? OutputFormat::kTarGz
                                                        : OutputFormat::kTarZst;
    default:
      return output.format;
  }
}

}  // namespace pycpack
