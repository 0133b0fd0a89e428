// `verify --import`: importing modules from a read-only copy of the
// artifact and proving, from the interpreter's -v log, that their code came
// from pycs.
#ifndef PYCPACK_VERIFY_IMPORT_CHECK_H_
#define PYCPACK_VERIFY_IMPORT_CHECK_H_

#include <string>
#include <string_view>
#include <vector>

#include "pycpack/status.h"
#include "verify/report.h"

namespace pycpack {

// A "# code object from ..." line of `python -v`. importlib logs the pyc a
// code object was unmarshalled from as a repr ('...pyc', quoted) and a
// source it compiled as the bare path (CPython 3.8-3.15,
// _bootstrap_external: _compile_bytecode and SourceLoader.get_code).
struct CodeObjectLoad {
  std::string path;
  bool from_bytecode = false;
};

// Every such line of |log|, in order.
std::vector<CodeObjectLoad> ParseVerboseLog(std::string_view log);

// The result line kImportProgram prints on stdout (the last line that
// starts with kImportMarker). InternalError when there is none.
Result<ImportResult> ParseImportOutput(std::string_view out);

// Adds to |result| what importing each of |modules| with |python| found:
// the import runs as `python -I -B -v` (no bytecode written, PYTHON*
// variables dropped) in a read-only copy of |root| made for this call and
// removed afterwards. Findings: "import-error" (the last line of the
// traceback), "compiled-from-source" (a source below the root compiled at
// import time, unless it is in result->kept), "not-from-artifact" (MODULE
// was found elsewhere), and
// "wrote-file" (a file added, changed or removed in the copy). Fails
// (IoError) when the copy cannot be made or the interpreter cannot be run.
Status CheckImports(const std::string& python, const std::string& root,
                    const std::vector<std::string>& modules,
                    int timeout_seconds, InterpreterResult* result);

}  // namespace pycpack

#endif  // PYCPACK_VERIFY_IMPORT_CHECK_H_
