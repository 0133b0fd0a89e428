// The manifest (v1): which sources, how to compile them, what to write.
// docs/manifest.md is the user-facing contract; docs/manifest.schema.json
// must accept exactly what ParseManifest accepts.
#ifndef PYCPACK_MANIFEST_H_
#define PYCPACK_MANIFEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pycpack/status.h"

namespace pycpack {

enum class Mode {
  kInherit,         // "inherit": take the default
  kPyOnly,          // "py-only"
  kPycOnly,         // "pyc-only"
  kPyPycChecked,    // "py+pyc-checked"
  kPyPycUnchecked,  // "py+pyc-unchecked"
};

enum class OutputFormat {
  kDir, kTar, kTarGz, kTarZst, kZip,
  kWheel,        // a .whl (a zip with .dist-info/) in the output directory
  kLambdaLayer,  // a zip with everything under python/
  kOciLayer,     // a tar, compressed as Output::compression says
};

// Compression of an oci-layer output.
enum class Compression { kNone, kGzip, kZstd };

// The manifest spelling of a mode / format ("py+pyc-checked", "tar.gz").
std::string_view ModeName(Mode mode);
std::string_view FormatName(OutputFormat format);
std::string_view CompressionName(Compression compression);
// Parses a manifest spelling; nullopt if unknown.
std::optional<Mode> ParseModeName(std::string_view name);
std::optional<OutputFormat> ParseFormatName(std::string_view name);

// How co_filename is formed from a file's path relative to its library root.
struct SourcePath {
  bool relative = true;  // true: the relative path itself
  std::string prefix;    // otherwise: prefix + relative path
  bool operator==(const SourcePath&) const = default;
};

// What a build does with a source that does not compile ("on_compile_error").
enum class CompileErrorPolicy {
  kFail,        // "fail": report it, exit 1, write nothing
  kKeepSource,  // "keep-source": warn, ship the source without any pyc
};

// Compile settings; an absent field means "not set at this level".
struct Settings {
  // ParseManifest never stores kInherit: "inherit" means "not set here" and
  // is stored as nullopt, exactly like an absent key.
  std::optional<Mode> mode;
  std::optional<std::vector<int>> optimize;  // levels 0..2, no duplicates
  std::optional<bool> strip_docstrings;
  std::optional<SourcePath> source_path;
  std::optional<CompileErrorPolicy> on_compile_error = {};
  // "check_syntax": compile the sources of a py-only library (and throw the
  // pycs away) to find those that do not compile; other modes compile anyway.
  std::optional<bool> check_syntax = {};
};

struct Library {
  std::string name;
  // The directory holding the library's files: absolute, lexically
  // normalised. Empty for a wheel library until the build extracts the
  // wheel (src/input/wheel_input.h) and points it at the extraction.
  std::string root;
  // A library given as "wheel": the wheel file, absolute and lexically
  // normalised; empty for a library given as "root".
  std::string wheel;
  // Valid globs (util/glob.h) relative to root. include: empty = all (the
  // manifest cannot spell an empty list). A file is taken when no exclude
  // and some include match it or one of its parent directories.
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  // "files": the library's files, listed instead of walked: '/'-separated
  // paths relative to root, each without empty, "." or ".." components,
  // no repeats, in the manifest's order. Set only with a root and without
  // include/exclude. nullopt: walk the root.
  std::optional<std::vector<std::string>> files;
  Settings settings;
  std::string json_path;  // "libraries[1]", for messages
};

// An interpreter to compile for (docs/manifest.md, "targets").
struct TargetSpec {
  std::string name;    // unique among the targets; outputs select by it
  // "" for the interpreter embedded in pycpack; else the program to run:
  // a name looked up in $PATH, or a path (made absolute against the
  // manifest's directory when it contains a '/').
  std::string python;
  std::string json_path;  // "targets[1]", or "--target" from the command line
  bool operator==(const TargetSpec&) const = default;
};

// The name and spelling of the embedded interpreter as a target.
inline constexpr std::string_view kEmbeddedTarget = "embedded";

// The fields of a wheel output's METADATA. Empty name and version: taken
// from the one .dist-info directory the output's libraries hold.
struct WheelMetadata {
  std::string name;
  std::string version;
  std::string summary;
  std::string requires_python;
  std::string license;
  std::vector<std::string> requires_dist;
  // The body of METADATA (plain text); default: the summary, else the name.
  std::string description;
};

struct Output {
  // As written in the manifest; for kWheel the directory that receives the
  // .whl file.
  std::string path;
  OutputFormat format = OutputFormat::kDir;
  Compression compression = Compression::kGzip;  // kOciLayer only
  WheelMetadata wheel;                            // kWheel only
  std::string variant;  // the variant it is built with; "" = none
  std::string prefix;  // "" or a relative directory ending in '/'
  std::vector<std::string> libraries;  // names; empty = all libraries
  std::vector<std::string> targets;    // names; empty = all targets
  // "max_unpacked_size": the most bytes the artifact's files may add up to
  // once unpacked; nullopt = no budget. A lambda-layer output defaults to
  // kLambdaUnpackedLimit.
  std::optional<uint64_t> max_unpacked_size;
  std::string json_path;               // "outputs[0]"
};

// AWS Lambda refuses a function whose code and layers unpack to more than
// this many bytes (250 MiB, as Lambda's quotas give it).
inline constexpr uint64_t kLambdaUnpackedLimit = 262144000;

// A named set of overrides ("variants" in the manifest): compile settings
// over the manifest's defaults, and the command line's --force-mode and
// --retain-sources for the outputs that take it.
struct Variant {
  std::string name;
  Settings settings;
  std::optional<Mode> force_mode;  // never kInherit
  bool retain_sources = false;
  std::string json_path;  // "variants.release"
};

struct Manifest {
  int version = 1;
  std::string path;      // the manifest file as given (for messages)
  std::string base_dir;  // absolute directory relative paths resolve against
  Settings defaults;
  std::vector<Library> libraries;
  std::vector<Output> outputs;
  // At least one; without a "targets" key, the embedded interpreter alone.
  std::vector<TargetSpec> targets{{std::string(kEmbeddedTarget), "", ""}};
  std::vector<Variant> variants;  // in the manifest's order
};

// The format that holds an output's entries: the output's own format, or
// for a preset the plain format it is made of (wheel and lambda-layer: zip;
// oci-layer: tar, tar.gz or tar.zst as its compression says).
OutputFormat ContainerFormat(const Output& output);

// Parses and validates manifest text. |display_name| prefixes every error
// message; |base_dir| must be absolute. Errors are ErrorCode::kManifest with
// a message of the form "<display_name>: <json path>: <problem>" (or
// "<display_name>:<line>:<col>: ..." for JSON syntax errors). Never touches
// the disk.
Result<Manifest> ParseManifest(std::string_view text,
                               std::string_view display_name,
                               std::string_view base_dir);

}  // namespace pycpack

#endif  // PYCPACK_MANIFEST_H_
