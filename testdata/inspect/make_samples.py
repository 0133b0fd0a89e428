#!/usr/bin/env python3
"""Regenerates the `pycpack inspect` test data from sample.py and
explicit_raise.py with every supported CPython (3.8-3.15) that
tests/pythons.py finds; a version it does not find keeps no pycs (under
CI=true that is an error).

    testdata/inspect/make_samples.py

Every version's pycs share the two sources, as PEP 3147 intends: CPython 3.X
writes __pycache__/sample.cpython-3X[.opt-N].pyc and
__pycache__/explicit_raise.cpython-3X.pyc as py_compile makes them, and
sourceless-cpython-3X.pyc (a pyc without a source). expected.json records
what each interpreter says about its pycs: magic number, flags, source hash
(importlib.util.source_hash), co_filename, and, from the source's AST and
the optimisation level, whether docstrings and asserts must be in the
bytecode; and, per version, source hashes of inputs of every length from 0
to 17 bytes and more, to check SipHash against.
"""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'tests'))
import pythons  # noqa: E402  (interpreter discovery)

# Runs in the target interpreter: argv[1] is the output directory.
WORKER = r'''
import ast, importlib.util, json, marshal, os, py_compile, sys

out = sys.argv[1]
tag = sys.implementation.cache_tag
# (source, pyc path relative to out, invalidation mode, optimisation level)
JOBS = [
    ("sample.py", "__pycache__/sample.%s.pyc" % tag, "CHECKED_HASH", 0),
    ("sample.py", "__pycache__/sample.%s.opt-1.pyc" % tag, "UNCHECKED_HASH", 1),
    ("sample.py", "__pycache__/sample.%s.opt-2.pyc" % tag, "TIMESTAMP", 2),
    ("sample.py", "sourceless-%s.pyc" % tag, "UNCHECKED_HASH", 0),
    ("explicit_raise.py", "__pycache__/explicit_raise.%s.pyc" % tag, "CHECKED_HASH", 0),
]


def has_docstrings(tree):
    nodes = [n for n in ast.walk(tree) if isinstance(
        n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]
    return any(ast.get_docstring(n, clean=False) is not None for n in nodes)


def has_asserts(tree):
    return any(isinstance(n, ast.Assert) for n in ast.walk(tree))


pycs = {}
for source, rel, mode, level in JOBS:
    src = os.path.join(out, source)
    os.utime(src, (315532800, 315532800))
    cfile = os.path.join(out, rel)
    py_compile.compile(src, cfile, dfile=source, doraise=True, optimize=level,
                       invalidation_mode=getattr(py_compile.PycInvalidationMode, mode))
    data = open(cfile, "rb").read()
    raw = open(src, "rb").read()
    tree = ast.parse(raw)
    pycs[rel] = {
        "python": "%d.%d" % sys.version_info[:2],
        "flags": int.from_bytes(data[4:8], "little"),
        "header_hash": data[8:16].hex() if mode != "TIMESTAMP" else None,
        "source_hash": importlib.util.source_hash(raw).hex(),
        "co_filename": marshal.loads(data[16:]).co_filename,
        "level": level,
        "docstrings": has_docstrings(tree) and level < 2,
        "asserts": has_asserts(tree) and level < 1,
    }
inputs = [b"a" * n for n in range(18)] + [bytes(range(256)) * 3]
print(json.dumps({
    "version": {
        "magic": int.from_bytes(importlib.util.MAGIC_NUMBER[:2], "little"),
        "magic_hex": importlib.util.MAGIC_NUMBER.hex(),
        "siphash": [[i.hex(), importlib.util.source_hash(i).hex()] for i in inputs],
    },
    "pycs": pycs,
}))
'''


def main():
    found = pythons.require(pythons.SUPPORTED)  # a note for each one missing
    shutil.rmtree(os.path.join(HERE, '__pycache__'), ignore_errors=True)
    for name in os.listdir(HERE):
        if name.startswith('sourceless-'):
            os.remove(os.path.join(HERE, name))
    expected = {'versions': {}, 'pycs': {}}
    for version, python in sorted(found.items(), key=lambda kv: int(kv[0].split('.')[1])):
        env = {k: v for k, v in os.environ.items() if not k.startswith('PYTHON')}
        env['PYTHONHASHSEED'] = '0'
        proc = subprocess.run([python, '-I', '-c', WORKER, HERE], env=env,
                              capture_output=True, text=True, check=True)
        result = json.loads(proc.stdout)
        expected['versions'][version] = result['version']
        expected['pycs'].update(result['pycs'])
        print('wrote the pycs of CPython ' + version)
    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()
