#include "compile/compile_glue.h"

namespace pycpack {

// Kept free of per-call imports: `ast` is imported on the first request that
// strips docstrings and cached in a global.
const char kCompileGlue[] = R"PY(
import sys
import marshal
import warnings
import _imp
import _frozen_importlib_external as _external

_ast = None

# The key _imp.source_hash takes: the magic number read as a little-endian
# int, exposed as _imp.pyc_magic_number_token from 3.14 and as
# _bootstrap_external._RAW_MAGIC_NUMBER in 3.7-3.13. None: neither exists
# (no hash-based pycs).
HASH_KEY = getattr(_imp, 'pyc_magic_number_token', None)
if HASH_KEY is None:
    HASH_KEY = getattr(_external, '_RAW_MAGIC_NUMBER', None)


def info():
    impl = sys.implementation
    return (impl.name, sys.version.split()[0], sys.version_info[0],
            sys.version_info[1], impl.cache_tag, bytes(_external.MAGIC_NUMBER))


def _text(value):
    return str(value).encode('utf-8', 'backslashreplace')


def _number(value):
    # CPython uses None, 0 or -1 for "unknown"; all become 0.
    return value if isinstance(value, int) and value > 0 else 0


def _diag(kind, message, line, col):
    return (_text(kind), _text(message), _number(line), _number(col))


def _strip_docstrings(tree):
    # A docstring is what CPython takes for one: an expression statement made
    # of a str constant, first in the body of a module, class or function.
    ast = _ast
    owners = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    for node in ast.walk(tree):
        if not isinstance(node, owners) or not node.body:
            continue
        first = node.body[0]
        if (isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)):
            del node.body[0]
            if not node.body:
                node.body.append(ast.copy_location(ast.Pass(), first))


def _compile(source, dfile, optimize, strip):
    # At optimize 2 CPython already drops exactly these docstrings; its own
    # route keeps the result identical to py_compile's.
    if not strip or optimize >= 2:
        return compile(source, dfile, 'exec', dont_inherit=True,
                       optimize=optimize)
    global _ast
    if _ast is None:
        import ast
        _ast = ast
    tree = compile(source, dfile, 'exec', _ast.PyCF_ONLY_AST,
                   dont_inherit=True, optimize=optimize)
    _strip_docstrings(tree)
    return compile(tree, dfile, 'exec', dont_inherit=True, optimize=optimize)


def compile_one(source, dfile, optimize, strip, hash_source=None):
    code = None
    error = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            code = _compile(source, dfile, optimize, strip)
        except SyntaxError as e:
            message = e.msg if e.msg is not None else str(e)
            error = _diag(type(e).__name__, message, e.lineno, e.offset)
        except Exception as e:
            error = _diag(type(e).__name__, e, 0, 0)
    found = [_diag(w.category.__name__, w.message, w.lineno, 0)
             for w in caught]
    if code is None:
        return (None, None, error, found)
    if hash_source is None:
        hash_source = source
    return (_imp.source_hash(HASH_KEY, hash_source),
            marshal.dumps(code), None, found)
)PY";

}  // namespace pycpack
