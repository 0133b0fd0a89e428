// The Python half of the embedded compiler: a small module, executed once
// into a private namespace (never placed in sys.modules), whose functions
// the C++ side calls. Its contract:
//
//   info() -> (implementation: str, version: str, major: int, minor: int,
//              cache_tag: str | None, magic: bytes)
//     Facts read from the running interpreter (sys.implementation,
//     importlib's MAGIC_NUMBER), never from a table.
//
//   HASH_KEY: int | None
//     The key of _imp.source_hash as the running version exposes it
//     (_imp.pyc_magic_number_token from 3.14, _RAW_MAGIC_NUMBER of
//     importlib._bootstrap_external in 3.7-3.13); None when it has neither
//     (it cannot make hash-based pycs).
//
//   compile_one(source: bytes, dfile: str, optimize: int, strip: bool,
//               hash_source: bytes | None = None)
//       -> (source_hash: bytes | None, code: bytes | None,
//           error: Diag | None, warnings: list[Diag])
//     with Diag = (kind: bytes, message: bytes, line: int, col: int), texts
//     UTF-8 encoded (unencodable characters backslash-escaped), line/col
//     1-based and 0 when unknown. On success |code| is marshal.dumps of the
//     code object importlib would build from |source| (compile() of the
//     bytes, dont_inherit, same optimize level) and |source_hash| is
//     _imp.source_hash(HASH_KEY, X) with X = hash_source when not None,
//     else source, as importlib computes it.
//     With |strip| and optimize < 2, the docstrings CPython would drop at
//     optimize 2 are removed from the AST first (a body left empty gets a
//     `pass`), asserts stay; at optimize 2 |strip| changes nothing.
//     When compiling raises, |error| names the exception class and its
//     message. Warnings raised while compiling are recorded, never printed.
//     Any other exception escaping it means the interpreter is broken.
#ifndef PYCPACK_COMPILE_COMPILE_GLUE_H_
#define PYCPACK_COMPILE_COMPILE_GLUE_H_

namespace pycpack {

// Python source of the module described above; valid on CPython 3.8+ (it
// also runs, unchanged, inside foreign target interpreters: src/targets/).
extern const char kCompileGlue[];

}  // namespace pycpack

#endif  // PYCPACK_COMPILE_COMPILE_GLUE_H_
