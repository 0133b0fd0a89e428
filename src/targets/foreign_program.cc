#include "targets/foreign_program.h"

#include "compile/compile_glue.h"

namespace pycpack {
namespace {

// Runs after the glue (kCompileGlue) in the same namespace. Kept to the
// Python 3.8 language and the standard library's builtin modules.
const char kServe[] = R"PY(

def _nul_error(source):
    # Same message and position as pycpack's own check (every CPython
    # version reports NUL bytes differently).
    at = source.find(b'\0')
    if at < 0:
        return None
    start = 3 if source[:3] == b'\xef\xbb\xbf' else 0
    line = 1
    for i in range(at):
        c = source[i]
        if c == 10 or (c == 13 and source[i + 1] != 10):
            line += 1
            start = i + 1
    return _diag('SyntaxError', 'source code cannot contain null bytes',
                 line, at - start + 1)


def _read_exact(stream, n):
    data = b''
    while len(data) < n:
        chunk = stream.read(n - len(data))
        if not chunk:
            if data:
                raise EOFError('frame cut short')
            return None
        data += chunk
    return data


def _put_str(out, data):
    out.append(_struct.pack('<I', len(data)))
    out.append(data)


def _put_diag(out, diag):
    kind, message, line, col = diag
    _put_str(out, kind)
    _put_str(out, message)
    out.append(_struct.pack('<ii', line, col))


def _answer(payload):
    pos = [0]

    def fixed(fmt):
        value = _struct.unpack_from(fmt, payload, pos[0])
        pos[0] += _struct.calcsize(fmt)
        return value

    def string():
        (n,) = fixed('<I')
        data = payload[pos[0]:pos[0] + n]
        if len(data) != n:
            raise ValueError('truncated request')
        pos[0] += n
        return data

    rid, optimize, strip, checked = fixed('<QBBB')
    dfile = string().decode('utf-8', 'surrogateescape')
    source = string()
    (has_hash_source,) = fixed('<B')
    hash_source = string() if has_hash_source else None
    if pos[0] != len(payload):
        raise ValueError('trailing bytes in request')
    error = _nul_error(source)
    warns = []
    code = None
    if error is None:
        source_hash, code, error, warns = compile_one(
            source, dfile, optimize, strip, hash_source)
    out = [_struct.pack('<QB', rid, 0 if code is None else 1)]
    if code is None:
        _put_diag(out, error)
    else:
        flags = 3 if checked else 1
        _put_str(out, bytes(_external.MAGIC_NUMBER) +
                 _struct.pack('<I', flags) + source_hash + code)
    out.append(_struct.pack('<I', len(warns)))
    for w in warns:
        _put_diag(out, w)
    return b''.join(out)


def _serve():
    stdin = sys.stdin.buffer
    stdout = sys.stdout.buffer
    while True:
        head = _read_exact(stdin, 4)
        if head is None:
            return
        (n,) = _struct.unpack('<I', head)
        payload = _read_exact(stdin, n)
        if payload is None:
            raise EOFError('frame cut short')
        result = _answer(payload)
        stdout.write(_struct.pack('<I', len(result)) + result)
        stdout.flush()


def _probe():
    import json
    impl, version, major, minor, tag, magic = info()
    print(json.dumps({
        'implementation': impl, 'version': version, 'major': major,
        'minor': minor, 'cache_tag': tag, 'magic': magic.hex(),
        'executable': sys.executable,
        'source_hash': hasattr(_imp, 'source_hash'),
        'hash_based_pycs': HASH_KEY is not None,
    }))


if sys.argv[1:] == ['probe']:
    _probe()
elif sys.argv[1:] == ['serve']:
    _serve()
else:
    sys.exit('usage: probe | serve')
)PY";

// Runs first: the current directory must not shadow the modules the glue
// imports (the interpreter runs with -c, which puts '' on sys.path).
const char kPrologue[] = R"PY(import sys
sys.path[:] = [p for p in sys.path if p not in ('', '.')]
import struct as _struct
)PY";

}  // namespace

std::string ForeignWorkerProgram() {
  return std::string(kPrologue) + kCompileGlue + kServe;
}

}  // namespace pycpack
