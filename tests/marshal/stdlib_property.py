#!/usr/bin/env python3
"""Property test of the canonical pyc form over the standard library.

For every supported CPython (3.8-3.15) that tests/pythons.py finds, compiles
standard library files (tests included; files that do not compile are
skipped) in three process histories:
  A  forward order, PYTHONHASHSEED=0, nothing imported first;
  B  reverse order, PYTHONHASHSEED=1234, after importing PREIMPORTS;
  C  two processes on alternate files (like compileall -j2), PYTHONHASHSEED=77.
Raw bytes may differ between histories; the canonical bytes (canon_tool)
must not. Canonical files must be canonical again (idempotence), must load
in that interpreter to code objects equal to the ones it compiles itself, and
re-dumping the loaded code and canonicalising it must give the same bytes.
Each file whose raw bytes differ is explained (marshal_diff.py): by FLAG_REF
and reference numbering, interning or set order, the first that accounts for
all its differences.

By default a fixed sample of each standard library is used (plus the files
known to vary); --full takes every file. Exit status: 0 pass, 1 failure
(or, under CI=true, a supported version not found), 77 when no interpreter
was found.
"""
import argparse
import collections
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER = os.path.join(HERE, 'property_worker.py')
sys.path.insert(0, os.path.dirname(HERE))
import pythons  # noqa: E402  (tests/pythons.py: interpreter discovery)
import marshal_diff  # noqa: E402
PREIMPORTS = 'argparse,typing,asyncio,json,email.message,unittest,decimal,dataclasses'
# Files whose raw pycs differed between the histories in a --full run, and
# the files whose compilation earlier in the same process makes them differ
# (see docs/canonical-pyc.md). The default sample always includes them.
# Nearly every file varies up to 3.10; these show frozenset order and
# interning.
KNOWN_VARYING = {
    '3.8': ['_pyio.py', 'test/test_hash.py', 'test/test_dict.py', 'test/test_fstring.py'],
    '3.9': ['test/test_collections.py', 'test/test_configparser.py',
            'test/test_string_literals.py', 'distutils/command/config.py'],
    '3.10': ['test/test_collections.py', 'test/test_configparser.py',
             'test/test_string_literals.py', 'distutils/command/config.py'],
    # Both vary after test/test_unicode_identifiers.py (interned 'ä').
    '3.11': ['html/entities.py', 'test/test_string_literals.py',
             'test/test_unicode_identifiers.py'],
    # ftplib.py varies after test/test_decimal.py (FLAG_REF on a frozenset).
    '3.12': ['ftplib.py', 'test/test_decimal.py', 'html/entities.py', 'test/test_fstring.py',
             'test/test_string_literals.py', 'test/test_unicode_identifiers.py'],
    # Modules vary when compiled after being imported (qualnames interned or
    # not); test_typing.py after test_types.py, test_sys_settrace.py after
    # test_sys_setprofile.py, package4 after package3/submodule.py.
    '3.13': ['argparse.py', 'asyncio/events.py', 'functools.py', 'inspect.py',
             'test/test_import/data/package3/submodule.py',
             'test/test_import/data/package4/__init__.py', 'test/test_sys_setprofile.py',
             'test/test_sys_settrace.py', 'test/test_types.py', 'test/test_typing.py',
             'typing.py', 'weakref.py'],
}
# 3.14 varies exactly as 3.13; 3.15 also interns dataclass_module_4_str.py's
# qualnames or not after dataclass_module_4.py, and sets FLAG_REF on an
# object of test_external_inspection.py depending on the files compiled
# before it (history C).
KNOWN_VARYING['3.14'] = KNOWN_VARYING['3.13']
KNOWN_VARYING['3.15'] = KNOWN_VARYING['3.13'] + [
    'test/test_dataclasses/dataclass_module_4.py',
    'test/test_dataclasses/dataclass_module_4_str.py', 'test/test_external_inspection.py']


def stdlib_files(python):
    """Sorted paths, relative to the standard library directory, of its .py
    files (not dangling symlinks, such as Debian's sitecustomize.py pointing
    into /etc)."""
    out = subprocess.run([python, '-S', '-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'],
                         capture_output=True, text=True, check=True)
    stdlib = out.stdout.strip()
    files = []
    for d, dirs, names in os.walk(stdlib):
        dirs[:] = sorted(x for x in dirs if x not in ('site-packages', 'dist-packages', '__pycache__'))
        files += [os.path.relpath(os.path.join(d, n), stdlib) for n in names
                  if n.endswith('.py') and os.path.isfile(os.path.join(d, n))]
    return stdlib, sorted(files)


def select(files, version, full, sample):
    if full:
        return files
    step = max(1, len(files) // sample)
    chosen = set(files[::step][:sample]) | (set(KNOWN_VARYING.get(version, [])) & set(files))
    return sorted(chosen)


def run(cmd, env=None):
    return subprocess.run(cmd, capture_output=True, text=True, env=env)


def compile_history(python, lists, out_dir, order, seed, preimports):
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    os.makedirs(out_dir)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        procs = list(pool.map(
            lambda l: run([python, WORKER, 'compile', l, out_dir, order, preimports], env), lists))
    failed = set()
    for p in procs:
        if p.returncode != 0:
            raise RuntimeError('compile worker failed: %s' % p.stderr[-2000:])
    with open(os.path.join(out_dir, 'failed.txt')) as f:
        failed.update(f.read().split())
    return failed


def canon(tool, paths, check=False):
    """Runs canon_tool over |paths|; returns its error lines."""
    if not paths:
        return []
    list_path = paths[0] + '.list'
    with open(list_path, 'w') as f:
        f.write(''.join(p + '\n' for p in paths))
    p = run([tool] + (['--check'] if check else []) + ['--list', list_path])
    return [l for l in (p.stdout + p.stderr).splitlines() if l]


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def compare_histories(ok_ids, raw, names, r, errors):
    """Counts raw and canonical differences between the histories into |r|,
    with the reason for each raw difference (A vs B, A vs C)."""
    for i, a, b, c in zip(ok_ids, raw['A'], raw['B'], raw['C']):
        ra, rb, rc = read(a), read(b), read(c)
        why_b = marshal_diff.explain(ra, rb) if ra != rb else '-'
        why_c = marshal_diff.explain(ra, rc) if ra != rc else '-'
        if ra != rb or ra != rc:
            r['raw_diffs'] += 1
            r['varying'].append('%s (%s/%s)' % (names[i], why_b, why_c))
        if ra != rb:
            r['why_b'][why_b] += 1
        if ra != rc:
            r['why_c'][why_c] += 1
        ca = read(a + '.canon')
        if ca != read(b + '.canon') or ca != read(c + '.canon'):
            r['canon_diffs'] += 1
            errors.append('canonical bytes differ between histories: ' + names[i])


def check_loads(python, tool, work, lists, ok_ids, hist_a, names):
    """The canonical pycs of history A (in |hist_a|) load to the interpreter's
    own code, and re-dumping that code canonicalises to the same bytes.
    Returns the errors."""
    raw_a = [os.path.join(hist_a, i + '.pyc') for i in ok_ids]
    redump = os.path.join(work, 'redump')
    os.makedirs(redump)
    p = run([python, WORKER, 'check', lists['all'], hist_a, redump])
    errors = [] if p.returncode == 0 else ['check worker failed: ' + p.stderr[-2000:]]
    errors += [l for l in p.stdout.splitlines() if l.startswith('mismatch')]
    redumped = [os.path.join(redump, i + '.pyc') for i in ok_ids]
    errors += canon(tool, redumped)
    for i, a, d in zip(ok_ids, raw_a, redumped):
        if os.path.exists(d + '.canon') and read(d + '.canon') != read(a + '.canon'):
            errors.append('re-dumped code canonicalises differently: ' + names[i])
    return errors


def write_lists(work, entries):
    lists = {}
    for name, part in (('all', entries), ('even', entries[0::2]), ('odd', entries[1::2])):
        lists[name] = os.path.join(work, name + '.txt')
        with open(lists[name], 'w', encoding='utf-8') as f:
            f.write(''.join('\t'.join(e) + '\n' for e in part))
    return lists


def check_version(version, python, tool, work, full, sample):
    t0 = time.time()
    stdlib, files = stdlib_files(python)
    chosen = select(files, version, full, sample)
    entries = [(str(i), os.path.join(stdlib, f), f) for i, f in enumerate(chosen)]
    os.makedirs(work)
    lists = write_lists(work, entries)
    hist = {'A': os.path.join(work, 'A'), 'B': os.path.join(work, 'B'), 'C': os.path.join(work, 'C')}
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        jobs = [pool.submit(compile_history, python, [lists['all']], hist['A'], 'forward', 0, ''),
                pool.submit(compile_history, python, [lists['all']], hist['B'], 'reverse', 1234, PREIMPORTS)]
        failed = jobs[0].result() | jobs[1].result()
    failed |= compile_history(python, [lists['even'], lists['odd']], hist['C'], 'forward', 77, '')
    ok_ids = [i for i, _, _ in entries if i not in failed]
    raw = {h: [os.path.join(d, i + '.pyc') for i in ok_ids] for h, d in hist.items()}
    errors = canon(tool, raw['A'] + raw['B'] + raw['C'])
    errors += canon(tool, [p + '.canon' for p in raw['A']], check=True)
    names = {i: f for i, _, f in entries}
    r = {'files': len(ok_ids), 'skipped': len(entries) - len(ok_ids), 'raw_diffs': 0, 'canon_diffs': 0,
         'varying': [], 'why_b': collections.Counter(), 'why_c': collections.Counter()}
    compare_histories(ok_ids, raw, names, r, errors)
    errors += check_loads(python, tool, work, lists, ok_ids, hist['A'], names)
    r['errors'] = errors
    r['seconds'] = time.time() - t0
    return r


def why(counter):
    return ', '.join('%s %d' % kv for kv in counter.most_common()) or 'none'


def print_results(results, t0):
    print('%-6s %7s %8s %10s %16s %8s %8s' % ('python', 'files', 'skipped', 'raw-diffs',
                                             'canonical-diffs', 'errors', 'seconds'))
    for v, r in results.items():
        print('%-6s %7d %8d %10d %16d %8d %8.1f' % (v, r['files'], r['skipped'], r['raw_diffs'],
                                                   r['canon_diffs'], len(r['errors']), r['seconds']))
        if r['varying']:
            print('       why: %s / %s (A vs B / A vs C)' % (why(r['why_b']), why(r['why_c'])))
            print('       raw bytes varied (why A vs B/A vs C): ' + ', '.join(r['varying'][:30]) +
                  (' ...' if len(r['varying']) > 30 else ''))
        for e in r['errors'][:20]:
            print('       ERROR ' + e)
    total = {k: sum(r[k] for r in results.values()) for k in ('files', 'raw_diffs', 'canon_diffs')}
    print('total: %(files)d files, %(raw_diffs)d with raw differences, '
          '%(canon_diffs)d with canonical differences' % total +
          ', %.1f s' % (time.time() - t0))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--canon-tool', required=True)
    ap.add_argument('--full', action='store_true', help='every standard library file')
    ap.add_argument('--sample', type=int, default=150, help='files per version without --full')
    ap.add_argument('--versions', help='comma-separated, e.g. 3.8,3.12 (default: every '
                    'supported version, %s-%s)' % (pythons.SUPPORTED[0], pythons.SUPPORTED[-1]))
    ap.add_argument('--keep', action='store_true', help='keep the work directory')
    args = ap.parse_args()
    versions = args.versions.split(',') if args.versions else list(pythons.SUPPORTED)
    found = pythons.find(versions)
    absent = [v for v in versions if v not in found]
    if absent:
        try:
            pythons.missing(absent)  # a note, or AssertionError under CI=true
        except AssertionError as e:
            print('FAIL: %s' % e)
            return 1
    work = tempfile.mkdtemp(prefix='pycpack-marshal-')
    t0 = time.time()
    results = {}
    try:
        for v in versions:
            if v not in found:
                continue
            results[v] = check_version(v, found[v], args.canon_tool, os.path.join(work, v),
                                       args.full, args.sample)
            if not args.keep:
                shutil.rmtree(os.path.join(work, v), ignore_errors=True)
    finally:
        if args.keep:
            print('work directory: ' + work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print_results(results, t0)
    if not results:
        return 77
    return 1 if any(r['errors'] for r in results.values()) else 0


if __name__ == '__main__':
    sys.exit(main())
