#!/usr/bin/env python3
"""Regenerates the real-pyc test data from sample.py.

For every CPython 3.8-3.13 under pyenv, writes sample-3.X-a.pyc.bin (a fresh
process, PYTHONHASHSEED=0) and sample-3.X-b.pyc.bin (PYTHONHASHSEED=1234,
after importing many modules) and, with canon_tool, sample-3.X.canon.bin.

    make_samples.py path/to/canon_tool

The canonical files are golden: regenerate them only together with a change
of kCanonicalFormVersion.
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import stdlib_property  # noqa: E402  (interpreter discovery)

COMPILE = r'''
import importlib.util, marshal, sys
for name in sys.argv[2].split(','):
    if name:
        __import__(name)
src = open(sys.argv[1], 'rb').read()
code = compile(src, 'sample.py', 'exec', dont_inherit=True)
sys.stdout.buffer.write(importlib.util.MAGIC_NUMBER + b'\x01\x00\x00\x00' +
                        importlib.util.source_hash(src) + marshal.dumps(code))
'''


def main():
    tool = sys.argv[1]
    root = stdlib_property.pyenv_root()
    source = os.path.join(HERE, 'sample.py')
    for minor in stdlib_property.MINORS:
        python = stdlib_property.find_interpreter(root, minor)
        if python is None:
            print('skip 3.%d: not found' % minor)
            continue
        for tag, seed, imports in (('a', 0, ''), ('b', 1234, stdlib_property.PREIMPORTS)):
            env = dict(os.environ, PYTHONHASHSEED=str(seed))
            out = subprocess.run([python, '-c', COMPILE, source, imports], env=env,
                                 capture_output=True, check=True).stdout
            path = os.path.join(HERE, 'sample-3.%d-%s.pyc.bin' % (minor, tag))
            with open(path, 'wb') as f:
                f.write(out)
        a = os.path.join(HERE, 'sample-3.%d-a.pyc.bin' % minor)
        subprocess.run([tool, '--suffix', '.canon', a], check=True)
        shutil.move(a + '.canon', os.path.join(HERE, 'sample-3.%d.canon.bin' % minor))
        print('wrote samples for 3.%d' % minor)


if __name__ == '__main__':
    main()
