"""Runs inside the interpreter under test for stdlib_property.py.

  property_worker.py compile LIST OUT_DIR ORDER PREIMPORTS
      Compiles the files in LIST (lines "index<TAB>path<TAB>co_filename") in
      ORDER ("forward" or "reverse") after importing the comma-separated
      PREIMPORTS, writing OUT_DIR/<index>.pyc (unchecked-hash header +
      marshal.dumps(code)) and OUT_DIR/failed.txt (indexes that did not
      compile).
  property_worker.py check LIST PYC_DIR REDUMP_DIR
      For every compiled file: loads PYC_DIR/<index>.pyc.canon, checks that
      it equals the code object this interpreter compiles from the source
      (every co_* attribute, recursively, constants with their exact types;
      and code == code, unless that is false for PYC_DIR/<index>.pyc too,
      as with NaN constants), and writes REDUMP_DIR/<index>.pyc with marshal.dumps of the loaded code.
      Prints one line per mismatch, then "checked N".

Written for Python 3.8 and later.
"""
import importlib.util
import marshal
import struct
import sys
import warnings

CODE_ATTRS = (
    'co_argcount', 'co_posonlyargcount', 'co_kwonlyargcount', 'co_nlocals',
    'co_stacksize', 'co_flags', 'co_code', 'co_consts', 'co_names',
    'co_varnames', 'co_freevars', 'co_cellvars', 'co_filename', 'co_name',
    'co_qualname', 'co_firstlineno', 'co_linetable', 'co_exceptiontable',
)
CodeType = type(compile('', '<empty>', 'exec'))
# co_lnotab carries the line table before 3.10 (deprecated afterwards).
if sys.version_info < (3, 10):
    CODE_ATTRS += ('co_lnotab',)


def read_list(path):
    with open(path, encoding='utf-8') as f:
        return [line.rstrip('\n').split('\t') for line in f if line.strip()]


def compile_file(path, dfile):
    with open(path, 'rb') as f:
        source = f.read()
    return source, compile(source, dfile, 'exec', dont_inherit=True)


def do_compile(list_path, out_dir, order, preimports):
    for name in filter(None, preimports.split(',')):
        __import__(name)
    warnings.simplefilter('ignore')
    entries = read_list(list_path)
    if order == 'reverse':
        entries.reverse()
    failed = []
    for index, path, dfile in entries:
        try:
            source, code = compile_file(path, dfile)
        except (SyntaxError, ValueError, UnicodeDecodeError, OverflowError,
                MemoryError, RecursionError):
            failed.append(index)
            continue
        header = (importlib.util.MAGIC_NUMBER + (1).to_bytes(4, 'little') +
                  importlib.util.source_hash(source))
        with open('%s/%s.pyc' % (out_dir, index), 'wb') as f:
            f.write(header + marshal.dumps(code))
    with open(out_dir + '/failed.txt', 'w') as f:
        f.write(''.join(i + '\n' for i in failed))


def typed_key(v):
    """A hashable key equal for two values iff they are equal with the same
    types all the way down (so 0, False and 0.0 differ, and -0.0 and 0.0)."""
    t = type(v)
    if t is float:
        return ('float', struct.pack('<d', v))
    if t is complex:
        return ('complex', struct.pack('<dd', v.real, v.imag))
    if t is tuple:
        return ('tuple', tuple(typed_key(x) for x in v))
    if t is frozenset or t is set:
        return (t.__name__, frozenset(typed_key(x) for x in v))
    if t is slice:  # 3.14+ constants; slice(0, 1) == slice(False, True)
        return ('slice', typed_key(v.start), typed_key(v.stop), typed_key(v.step))
    if t is CodeType:
        return ('code', tuple((a, typed_key(getattr(v, a)))
                              for a in CODE_ATTRS if hasattr(v, a)))
    return (t.__name__, v)


def first_difference(a, b, path):
    """Where two values whose typed keys differ first differ."""
    if type(a) is not type(b):
        return '%s: %s vs %s' % (path, type(a).__name__, type(b).__name__)
    if hasattr(a, 'co_code'):
        for attr in CODE_ATTRS:
            if hasattr(a, attr) and typed_key(getattr(a, attr)) != typed_key(getattr(b, attr)):
                return first_difference(getattr(a, attr), getattr(b, attr),
                                        '%s.%s' % (path, attr))
    if type(a) is slice:
        a, b = (a.start, a.stop, a.step), (b.start, b.stop, b.step)
    if type(a) is tuple and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if typed_key(x) != typed_key(y):
                return first_difference(x, y, '%s[%d]' % (path, i))
    return '%s: %r vs %r' % (path, a, b)


def do_check(list_path, pyc_dir, redump_dir):
    sys.setrecursionlimit(20000)
    warnings.simplefilter('ignore')
    checked = 0
    for index, path, dfile in read_list(list_path):
        try:
            with open('%s/%s.pyc.canon' % (pyc_dir, index), 'rb') as f:
                canon = f.read()
            with open('%s/%s.pyc' % (pyc_dir, index), 'rb') as f:
                raw = f.read()
        except OSError:
            continue  # did not compile
        _, expected = compile_file(path, dfile)
        loaded = marshal.loads(canon[16:])
        # Code equality compares constants with ==, so it is false for a
        # NaN constant whenever the two NaNs are distinct objects.
        eq_like_raw = (loaded == expected) or (marshal.loads(raw[16:]) != expected)
        if not eq_like_raw or typed_key(loaded) != typed_key(expected):
            print('mismatch %s %s' % (dfile, first_difference(loaded, expected, 'code')))
        with open('%s/%s.pyc' % (redump_dir, index), 'wb') as f:
            f.write(canon[:16] + marshal.dumps(loaded))
        checked += 1
    print('checked %d' % checked)


if __name__ == '__main__':
    if sys.argv[1] == 'compile':
        do_compile(*sys.argv[2:6])
    else:
        do_check(*sys.argv[2:5])
