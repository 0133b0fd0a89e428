#!/usr/bin/env python3
"""Regenerates the real-pyc test data.

For every sample and every CPython it covers (found through tests/pythons.py)
writes STEM-3.X-a.pyc.bin (a fresh process, PYTHONHASHSEED=0) and
STEM-3.X-b.pyc.bin (PYTHONHASHSEED=1234, after importing many modules) and,
with canon_tool, STEM-3.X.canon.bin. The samples:
  sample.py     every supported CPython (3.8-3.15);
  sample314.py  3.14 and later (slice constants, CO_HAS_DOCSTRING, t-strings).

    make_samples.py path/to/canon_tool [3.X ...]

With versions given, only those are rewritten. The canonical files are
golden: regenerating them for versions that were already covered must leave
them unchanged unless kCanonicalFormVersion changed with them.
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
import pythons  # noqa: E402  (tests/pythons.py: interpreter discovery)
import stdlib_property  # noqa: E402  (the history B imports)

# stem -> the versions that compile it
SAMPLES = {
    'sample': pythons.SUPPORTED,
    'sample314': tuple(v for v in pythons.SUPPORTED if int(v.split('.')[1]) >= 14),
}

COMPILE = r'''
import importlib.util, marshal, sys
for name in sys.argv[2].split(','):
    if name:
        __import__(name)
src = open(sys.argv[1], 'rb').read()
code = compile(src, sys.argv[3], 'exec', dont_inherit=True)
sys.stdout.buffer.write(importlib.util.MAGIC_NUMBER + b'\x01\x00\x00\x00' +
                        importlib.util.source_hash(src) + marshal.dumps(code))
'''


def write_sample(tool, stem, version, python):
    source = os.path.join(HERE, stem + '.py')
    for tag, seed, imports in (('a', 0, ''), ('b', 1234, stdlib_property.PREIMPORTS)):
        env = dict(os.environ, PYTHONHASHSEED=str(seed))
        out = subprocess.run([python, '-c', COMPILE, source, imports, stem + '.py'], env=env,
                             capture_output=True, check=True).stdout
        with open(os.path.join(HERE, '%s-%s-%s.pyc.bin' % (stem, version, tag)), 'wb') as f:
            f.write(out)
    a = os.path.join(HERE, '%s-%s-a.pyc.bin' % (stem, version))
    subprocess.run([tool, '--suffix', '.canon', a], check=True)
    shutil.move(a + '.canon', os.path.join(HERE, '%s-%s.canon.bin' % (stem, version)))
    print('wrote %s for %s' % (stem, version))


def main():
    tool = sys.argv[1]
    wanted = sys.argv[2:] or list(pythons.SUPPORTED)
    found = pythons.find(wanted)
    missing = [v for v in wanted if v not in found]
    if missing:
        pythons.missing(missing)
    for stem, versions in SAMPLES.items():
        for version in versions:
            if version in found:
                write_sample(tool, stem, version, found[version])


if __name__ == '__main__':
    main()
