#!/usr/bin/env python3
"""Regenerates the seed corpora of the fuzz targets (docs/fuzzing.md):

    testdata/fuzz/make_seeds.py

manifest/         the example manifests (manifests/) and the manifest test
                  cases (tests/manifest/cases/)
marshal/          pycs of a few small sources, compiled by every CPython
                  3.8-3.13 found through pyenv and by /usr/bin/python3
inspect_archive/  small tar, tar.gz, tar.zst, zip and .whl artifacts
verify_extract/   the same, plus members extraction must handle: nested
                  directories, symlinks and hard links that stay inside;
                  and member lists the fuzzer writes as tar, tar.gz or zip
                  itself (fuzz/verify_extract_fuzzer.cc)

Every file is deterministic (fixed times, gzip without name or time), but
for pycs of CPython 3.8-3.10, whose FLAG_REF bits depend on reference
counts in the compiling process (docs/canonical-pyc.md).
Existing seeds are replaced; regressions/ directories are kept.
"""
import glob
import gzip
import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(TOP, 'tests'))
import pythons  # noqa: E402  (interpreter discovery)

SOURCES = [
    os.path.join(HERE, 'constants.py'),
    os.path.join(TOP, 'testdata', 'inspect', 'sample.py'),
    os.path.join(TOP, 'testdata', 'src', 'shop', 'util', 'strings.py'),
    os.path.join(TOP, 'testdata', 'src', 'shop', 'util', 'latin1.py'),
]
MTIME = 315532800  # 1980-01-01

# Runs in the target interpreter: argv[1] is the output file, argv[2] the
# source, argv[3] the optimisation level. An unchecked-hash pyc.
COMPILE = r'''
import py_compile, sys
py_compile.compile(sys.argv[2], sys.argv[1], dfile=sys.argv[2].rsplit("/", 1)[-1],
                   doraise=True, optimize=int(sys.argv[3]),
                   invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
'''


def fresh(name):
    """Empties testdata/fuzz/<name>/ but for its regressions/."""
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    for entry in os.listdir(d):
        if entry != 'regressions':
            os.remove(os.path.join(d, entry))
    return d


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)


def manifest_seeds():
    out = fresh('manifest')
    found = sorted(glob.glob(os.path.join(TOP, 'manifests', '*.json')))
    found += sorted(glob.glob(os.path.join(TOP, 'tests', 'manifest', 'cases', '*', '*.json')))
    for path in found:
        rel = os.path.relpath(path, TOP).replace(os.sep, '_')
        shutil.copyfile(path, os.path.join(out, rel))
    print('manifest: %d seeds' % len(found))


def interpreters():
    """(label, executable): every supported CPython tests/pythons.py finds,
    then /usr/bin/python3."""
    found = pythons.find()
    for xy in pythons.SUPPORTED:
        if xy in found:
            yield 'python-%s' % xy, found[xy]
        else:
            print('skip %s: not found (%s)' % (xy, pythons.where(xy)))
    if os.access('/usr/bin/python3', os.X_OK):
        yield 'system', '/usr/bin/python3'


def marshal_seeds():
    """Writes the pycs; returns {file name: bytes}, without duplicates."""
    out = fresh('marshal')
    env = {k: v for k, v in os.environ.items() if not k.startswith('PYTHON')}
    env['PYTHONHASHSEED'] = '0'
    seen = {}
    tmp = os.path.join(out, 'tmp.pyc')
    for label, python in interpreters():
        for source in SOURCES:
            stem = os.path.splitext(os.path.basename(source))[0]
            for level in (0, 2) if stem == 'sample' else (0,):
                subprocess.run([python, '-I', '-c', COMPILE, tmp, source, str(level)],
                               env=env, check=True)
                with open(tmp, 'rb') as f:
                    data = f.read()
                if data not in seen.values():
                    seen['%s.%s.opt%d.pyc' % (stem, label, level)] = data
    os.remove(tmp)
    for name, data in seen.items():
        write(os.path.join(out, name), data)
    print('marshal: %d seeds' % len(seen))
    return seen


def tar_bytes(members):
    """members: (name, kind, data or link target); kind 'f', 'd', 's' or 'h'."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w', format=tarfile.PAX_FORMAT) as tar:
        for name, kind, data in members:
            info = tarfile.TarInfo(name)
            info.mtime = MTIME
            info.mode = 0o755 if kind == 'd' else 0o644
            if kind == 'd':
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif kind in 'sh':
                info.type = tarfile.SYMTYPE if kind == 's' else tarfile.LNKTYPE
                info.linkname = data
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def zip_bytes(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, kind, data in members:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if kind == 'd':
                info.external_attr = (0o40755 << 16) | 0x10
                z.writestr(info, b'')
            elif kind == 's':
                info.external_attr = 0o120777 << 16
                z.writestr(info, data.encode())
            else:
                info.external_attr = 0o100644 << 16
                z.writestr(info, data)
    return buf.getvalue()


def compressed(data, how):
    if how == 'gz':
        return gzip.compress(data, mtime=0)
    return subprocess.run(['zstd', '-q', '-c', '-3'], input=data, capture_output=True,
                          check=True).stdout


def archive_seeds(name, pycs, links):
    """Writes tar, tar.gz, tar.zst, zip and .whl artifacts to <name>/."""
    out = fresh(name)
    pyc = pycs[min(pycs, key=lambda k: len(pycs[k]))]
    sample = open(SOURCES[1], 'rb').read()
    tree = [('pkg/', 'd', None), ('pkg/__init__.py', 'f', b''),
            ('pkg/__pycache__/', 'd', None),
            ('pkg/__pycache__/__init__.cpython-311.pyc', 'f', pyc),
            ('pkg/sample.py', 'f', sample), ('pkg/data.txt', 'f', b'data\n')]
    if links:
        tree += [('pkg/alias.py', 's', 'sample.py'), ('pkg/sub/', 'd', None),
                 ('pkg/sub/up.py', 's', '../sample.py'), ('pkg/same.py', 'h', 'pkg/sample.py')]
    tar = tar_bytes(tree)
    files = {'tree.tar': tar, 'tree.tar.gz': compressed(tar, 'gz')}
    if shutil.which('zstd'):
        files['tree.tar.zst'] = compressed(tar, 'zst')
    files['tree.zip'] = zip_bytes([m for m in tree if m[1] != 'h'])
    files['sourceless.zip'] = zip_bytes([('mod.pyc', 'f', pyc)])
    files['demo-1.0-py3-none-any.whl'] = zip_bytes([
        ('demo/__init__.py', 'f', b'X = 1\n'), ('demo/__init__.pyc', 'f', pyc),
        ('demo-1.0.dist-info/METADATA', 'f', b'Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n'),
        ('demo-1.0.dist-info/WHEEL', 'f', b'Wheel-Version: 1.0\nRoot-Is-Purelib: true\n'),
        ('demo-1.0.dist-info/RECORD', 'f', b'demo/__init__.py,,\n')])
    if links:
        lines = ['dpkg/', 'fpkg/__init__.py\tX = 1', 'spkg/alias.py\t__init__.py',
                 'dpkg/sub/', 'spkg/sub/up.py\t../__init__.py', 'hpkg/same.py\tpkg/__init__.py',
                 'sdir\tpkg/sub', 'pfifo']
        # Small lists of links that stay inside, for mutations to start from.
        files['members.up.txt'] = b'#tar\ndpkg/\nspkg/l\t..\n'
        files['members.dot.txt'] = b'#zip\nsl\t.\nhm\tl\n'
        for prefix in ('tar', 'tgz', 'zip'):
            # zip stores no fifos; libarchive refuses them
            kept = [x for x in lines if prefix != 'zip' or x[0] != 'p']
            files['members.%s.txt' % prefix] = ('#%s\n' % prefix + '\n'.join(kept) + '\n').encode()
    for file_name, data in files.items():
        write(os.path.join(out, file_name), data)
    print('%s: %d seeds' % (name, len(files)))


def main():
    manifest_seeds()
    pycs = marshal_seeds()
    archive_seeds('inspect_archive', pycs, links=False)
    archive_seeds('verify_extract', pycs, links=True)


if __name__ == '__main__':
    main()
