// The Python half of `pycpack verify`: programs run by the interpreter under
// test, kept here as C++ strings so that the binary needs no files beside it.
// Both run unchanged on CPython 3.8 to 3.15, use only the standard library
// and read every fact (magic number, cache tag, source hash, file names)
// from the running interpreter's importlib, never from a table.
#ifndef PYCPACK_VERIFY_CHECK_PROGRAM_H_
#define PYCPACK_VERIFY_CHECK_PROGRAM_H_

#include <string>

namespace pycpack {

// The check program, run as `PY -I -S -B -c CheckProgram() ROOT OPTIONS`
// where ROOT is the absolute import root and OPTIONS a JSON object
// {"optimize": [levels] or null}: the levels to check for every source, or
// null for each source's own default (verify/default_levels.h). Never
// imports or runs code from ROOT. Prints one JSON object on stdout (ASCII
// only; undecodable path bytes backslash-escaped):
//
//   {"interpreter": {"implementation", "version", "cache_tag" (str|null),
//                    "magic" (hex), "executable"},
//    "optimize": [levels checked: those given, else every level checked
//                 for some source; [0] when there is no source],
//    "counts": {"sources", "pycs", "ok"},
//    "findings": [{"path", "pyc" (str|null), "kind", "message"}],
//    "info": [{"path", "message"}],
//    "kept": [sources a pycpack build kept on purpose: named by a
//             pycpack-kept-sources.json below ROOT; no pyc is expected for
//             them, so none missing is a finding (one info note instead)]}
//
// Paths are relative to ROOT with '/' separators. The kinds are listed in
// docs/cli.md (`verify`). Exit status 0 whenever the document was printed.
std::string CheckProgram();

// Run as `PY -I -B -v -c kImportProgram ROOT MODULE`: inserts ROOT first on
// sys.path and imports MODULE (this runs the package's code). Its own
// standard-library imports happen before ROOT is on the path. While MODULE
// is imported sys.stdout is stderr; afterwards it prints one line on the
// real stdout: kImportMarker followed by a JSON object
//   {"module", "file" (str|null), "error" (str|null: the last line of the
//    traceback), "in_root": [files of modules loaded from below ROOT]}.
extern const char kImportProgram[];
extern const char kImportMarker[];

}  // namespace pycpack

#endif  // PYCPACK_VERIFY_CHECK_PROGRAM_H_
