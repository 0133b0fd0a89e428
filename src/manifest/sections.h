// Parsers for the sections of a manifest v1 document. Each checks one JSON
// value against the grammar in docs/manifest.md and converts it; errors are
// kManifest with "<json path>: <problem>" (no display name yet).
// Cross-section rules (unique library names, outputs referring to existing
// libraries, distinct output files) are checked by ParseManifest.
#ifndef PYCPACK_MANIFEST_SECTIONS_H_
#define PYCPACK_MANIFEST_SECTIONS_H_

#include <string>
#include <string_view>

#include "manifest/json_util.h"
#include "pycpack/manifest.h"

namespace pycpack::manifest_internal {

// Reads those of mode, optimize, strip_docstrings, source_path,
// on_compile_error and check_syntax that are present in the object |obj|
// at |path| into |out|; other keys are ignored (the caller checks which
// keys are allowed). "inherit" is stored as an unset mode. Optimize levels
// are stored ascending.
Status ParseSettings(const Json& obj, std::string_view path, Settings* out);

// Parses the library object at |path| ("libraries[i]"); the root or wheel
// is resolved against the absolute directory |base_dir|.
Status ParseLibrary(const Json& value, const std::string& path,
                    std::string_view base_dir, Library* out);

// Parses the output object at |path| ("outputs[i]"). Library names are
// checked for form and repetition, not for existence.
Status ParseOutput(const Json& value, const std::string& path, Output* out);

// Parses the "targets" array; relative interpreter paths are resolved
// against the absolute directory |base_dir|.
Status ParseTargets(const Json& value, std::string_view base_dir,
                    std::vector<TargetSpec>* out);

// Parses the "variants" object, keeping the document's order.
Status ParseVariants(const Json& value, std::vector<Variant>* out);

// Fails, naming the JSON path, when a string or a key anywhere in |doc|
// holds a control character (C0 including NUL, DEL, C1); a "description"
// may hold line breaks and tabs.
Status CheckNoControlCharacters(const Json& doc);

}  // namespace pycpack::manifest_internal

#endif  // PYCPACK_MANIFEST_SECTIONS_H_
