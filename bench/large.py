"""The two large inputs, each built once per benchmark run.

- A tree of many small modules (default 100,000: 1,000 packages of 100,
  each package's first module its __init__.py), generated from a seeded
  generator so that every run compiles the same text; built cold to
  tar.gz. What counts is memory: the peak RSS of pycpack and its workers.
- A few modules plus one big file of random bytes (incompressible), built
  cold to tar.gz, tar.zst, zip and dir in one manifest; measured against
  reading the file once (cat) and compressing it once with each standard
  compressor (gzip -6, zstd -3), and its memory.

Both trees and their artifacts are deleted as soon as they are measured,
whatever --keep says (they are large).
"""

import os
import random
import shutil
import time
import zipfile

import builds
import contenders as c

SEED = 20240611
MODULES_PER_PACKAGE = 100
BIG_FILE = "data/blob.bin"
# Free disk space the big-file run needs, in multiples of the file's size:
# the file, its four outputs, the gzip members in the cache, and a margin.
BIG_FILE_DISK_FACTOR = 7
BIG_TREE_MODULES = ("app/__init__.py", "app/main.py", "app/util.py",
                    "app/settings.py")


def _function(rng, k):
    a, b = rng.randrange(1, 97), rng.randrange(2, 9)
    return ['def f%d_%d(value, count=%d):' % (k, a, b),
            '    """Sums %d steps of value times the step."""' % b,
            '    total = value',
            '    for step in range(count):',
            '        total += step * %d' % a,
            '    return total' if rng.random() < 0.5 else
            '    return total if total > %d else -total' % (a * b), '']


def _class(rng, k):
    n = rng.randrange(1000)
    kind = rng.choice(("alpha", "beta", "gamma", "delta"))
    return ['class Record%d_%d:' % (k, n),
            '    kind = "%s"' % kind,
            '',
            '    def __init__(self, key, size=%d):' % (n % 17),
            '        self.key = key',
            '        self.size = size',
            '',
            '    def describe(self):',
            '        if self.size > %d:' % (n % 11),
            '            return {"key": self.key, "big": True, "n": %d}' % n,
            '        return "%s:%d" % (self.key, self.size)', '']


def _constants(rng, k):
    return ['LIMIT_%d = %d' % (k, rng.randrange(10 ** 6)),
            'NAMES_%d = (%s)' % (k, ", ".join(
                '"n%d"' % rng.randrange(10 ** 4) for _ in range(4))),
            'RATIO_%d = %r' % (k, round(rng.random(), 6)), '']


def module_text(rng, dotted):
    """About 30 lines of varied Python: constants, functions, a class."""
    lines = ['"""%s: generated module."""' % dotted, '',
             'import %s' % rng.choice(("os", "sys", "re", "json")), '']
    k = 0
    while len(lines) < 28:
        k += 1
        make = rng.choice((_function, _function, _class, _constants))
        lines += make(rng, k)
    return ("\n".join(lines) + "\n").encode()


def generate_tree(root, modules):
    """Writes |modules| modules below |root| (packages pNNNN of
    MODULES_PER_PACKAGE each). Returns (files, source bytes)."""
    rng = random.Random(SEED)
    written = total = 0
    for p in range((modules + MODULES_PER_PACKAGE - 1) // MODULES_PER_PACKAGE):
        pkg = os.path.join(root, "p%04d" % p)
        os.makedirs(pkg)
        for m in range(min(MODULES_PER_PACKAGE, modules - written)):
            name = "__init__" if m == 0 else "m%03d" % m
            text = module_text(rng, "p%04d.%s" % (p, name))
            with open(os.path.join(pkg, name + ".py"), "wb") as f:
                f.write(text)
            written += 1
            total += len(text)
    return written, total


def many_modules(ctx, modules, say):
    """Generates the tree, builds it cold to tar.gz, deletes both.
    Returns a dict: sizes, generation time, the Sample and cache counters."""
    root = ctx.path("large-tree")
    t0 = time.perf_counter()
    files, source_bytes = generate_tree(root, modules)
    generated = time.perf_counter() - t0
    say("large tree: %d modules, %.1f MB of source, generated in %.1f s; "
        "building it cold to tar.gz" % (files, source_bytes / 1e6, generated))
    out = None
    try:
        sample, report = builds.cold(ctx, builds.Build("large", ("tar.gz",)),
                                     root=root, expect_pycs=files)
        out = builds.artifact(report, "tar.gz")
        return {"modules": files, "source_bytes": source_bytes,
                "generate_seconds": generated, "sample": sample,
                "artifact_bytes": os.path.getsize(out),
                "counters": builds.cache_counters(report)}
    finally:
        shutil.rmtree(root, ignore_errors=True)
        if out:
            os.remove(out)


def _write_big_tree(root, size):
    for rel in BIG_TREE_MODULES:
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(module_text(random.Random(rel), rel))
    path = os.path.join(root, BIG_FILE)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    chunk = 8 << 20
    with open(path, "wb") as f:
        for done in range(0, size, chunk):
            f.write(os.urandom(min(chunk, size - done)))
    return path


def _zip_stores(path, name):
    with zipfile.ZipFile(path) as z:
        return z.getinfo(name).compress_type == zipfile.ZIP_STORED


def _remove_outputs(report):
    for o in report.get("outputs") or []:
        if os.path.isdir(o["path"]):
            shutil.rmtree(o["path"], ignore_errors=True)
        elif os.path.exists(o["path"]):
            os.remove(o["path"])


def big_file(ctx, size, say):
    """Builds a tree holding one |size|-byte random file cold to four
    outputs, then times the reference commands on that file. Deletes the
    tree and the artifacts. Returns a dict of figures and Samples."""
    root = ctx.path("big-tree")
    report = {}
    try:
        t0 = time.perf_counter()
        blob = _write_big_tree(root, size)
        say("big file: %s (%.0f MB of random bytes, written in %.1f s); "
            "building it cold to tar.gz, tar.zst, zip and dir"
            % (BIG_FILE, size / 1e6, time.perf_counter() - t0))
        build = builds.Build("big", ("tar.gz", "tar.zst", "zip", "dir"))
        sample, report = builds.cold(ctx, build, root=root,
                                     expect_pycs=len(BIG_TREE_MODULES))
        result = {"bytes": size, "modules": len(BIG_TREE_MODULES),
                  "sample": sample,
                  "counters": builds.cache_counters(report),
                  "outputs": {o["format"]: o["bytes"]
                              for o in report["outputs"]},
                  "zip_stored": _zip_stores(builds.artifact(report, "zip"),
                                            BIG_FILE)}
        _remove_outputs(report)
        say("big file: reference runs (cat, gzip -6, zstd -3 -T1)")
        result["reference"] = c.read_and_compress(ctx, blob)
        return result
    finally:
        shutil.rmtree(root, ignore_errors=True)
        _remove_outputs(report)
