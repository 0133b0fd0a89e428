"""The corpus: a private copy of a source tree, minus what cannot compile.

Every contender compiles the same copy, so every contender sees exactly the
same files: the copy holds regular files only (symlinks inside the tree are
replaced by the file they point to, symlinks leaving the tree are left out),
no __pycache__ or *.pyc, no site-packages / dist-packages, no config-3.X-*
build directory (libpython.a and Makefiles: not importable, and 25 MB of
object code would make the archive benchmark about compressing it).
Files the interpreter itself refuses to compile (the deliberately broken
badsyntax_*.py, bad_coding*.py, lib2to3's Python 2 samples, ...) are found
once, by compiling every .py with that interpreter, and deleted from the
copy.
"""

import json
import os
import re
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))

# --quick keeps only these parts of the tree (paths relative to its root):
# a few packages with their tests, plus broken files so that the exclusion
# step has something to do.
QUICK_PREFIXES = ("asyncio/", "email/", "json/", "test/test_asyncio/",
                  "test/test_email/", "test/test_json/", "test/badsyntax_",
                  "test/bad_coding")

_SKIP_DIRS = frozenset({"__pycache__", "site-packages", "dist-packages"})
_CONFIG_DIR = re.compile(r"config-\d")


class BenchError(Exception):
    """A failure that ends the benchmark; the message says what and where."""


def interpreter_facts(python):
    """Version, stdlib directory and bytecode identity of |python|."""
    code = ("import importlib.util, json, sys, sysconfig; print(json.dumps({"
            "'version': sys.version.split()[0], 'full_version': sys.version,"
            "'major': sys.version_info[0], 'minor': sys.version_info[1],"
            "'stdlib': sysconfig.get_path('stdlib'),"
            "'cache_tag': sys.implementation.cache_tag,"
            "'magic': importlib.util.MAGIC_NUMBER.hex()}))")
    try:
        out = subprocess.run([python, "-B", "-c", code], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise BenchError("cannot run %s: %s" % (python, e)) from e
    return json.loads(out)


def _apt_install(package):
    """Runs apt-get install -y |package|; returns (exit code, output tail)."""
    try:
        p = subprocess.run(["apt-get", "install", "-y", package],
                           capture_output=True, text=True)
    except OSError as e:
        return 127, str(e)
    return p.returncode, (p.stdout + p.stderr)[-2000:]


def ensure_stdlib_tests(facts, say):
    """Makes sure the stdlib of |facts| has its test suite, installing the
    Debian package libpythonX.Y-testsuite if needed. Raises BenchError."""
    marker = os.path.join(facts["stdlib"], "test", "test_grammar.py")
    if os.path.exists(marker):
        return
    package = "libpython%d.%d-testsuite" % (facts["major"], facts["minor"])
    say("%s is missing: apt-get install -y %s" % (marker, package))
    rc, tail = _apt_install(package)
    if rc != 0:
        say("apt-get install failed (exit %d); apt-get update and retry" % rc)
        subprocess.run(["apt-get", "update"], capture_output=True)
        rc, tail = _apt_install(package)
    if rc != 0 or not os.path.exists(marker):
        raise BenchError(
            "%s is missing and `apt-get install -y %s` failed (exit %d):\n%s\n"
            "install it, or pass --corpus DIR" % (marker, package, rc, tail))


def _keep(rel, quick):
    return not quick or rel.startswith(QUICK_PREFIXES)


def _prune_dirs(dirpath, dirnames, top, stats):
    """Removes from |dirnames| (in place) the directories not copied."""
    kept = []
    for d in dirnames:
        rel = os.path.relpath(os.path.join(dirpath, d), top)
        if d == "__pycache__":
            continue
        if d in _SKIP_DIRS or (dirpath == top and _CONFIG_DIR.match(d)):
            stats["skipped_dirs"].append(rel)
        elif os.path.islink(os.path.join(dirpath, d)):
            stats["skipped_symlinks"].append(rel)
        else:
            kept.append(d)
    dirnames[:] = sorted(kept)


def _source_of(path, real_top):
    """The regular file to copy for |path|, or None to leave it out."""
    if os.path.islink(path):
        target = os.path.realpath(path)
        inside = target.startswith(real_top + os.sep)
        return target if inside and os.path.isfile(target) else None
    return path if os.path.isfile(path) else None


def copy_tree(top, dest, quick):
    """Copies the files of |top| to |dest| (which must not exist) under the
    rules of this module's doc. Returns counts and what was left out."""
    if not os.path.isdir(top):
        raise BenchError("corpus %s: not a directory" % top)
    real_top = os.path.realpath(top)
    stats = {"files": 0, "bytes": 0, "skipped_dirs": [],
             "skipped_symlinks": []}
    os.makedirs(dest)
    for dirpath, dirnames, filenames in os.walk(top):
        _prune_dirs(dirpath, dirnames, top, stats)
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, top)
            if name.endswith((".pyc", ".pyo")) or not _keep(rel, quick):
                continue
            src = _source_of(path, real_top)
            if src is None:
                stats["skipped_symlinks"].append(rel)
                continue
            out = os.path.join(dest, rel)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            shutil.copy(src, out)
            stats["files"] += 1
            stats["bytes"] += os.path.getsize(out)
    if stats["files"] == 0:
        raise BenchError("corpus %s: no files to copy%s" %
                         (top, " with --quick" if quick else ""))
    return stats


def list_sources(root):
    """The .py files below |root|, as sorted paths relative to it."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        out += [os.path.relpath(os.path.join(dirpath, n), root)
                for n in filenames if n.endswith(".py")]
    return sorted(out)


def write_list(paths, list_file):
    with open(list_file, "w", encoding="utf-8",
              errors="surrogateescape") as f:
        f.writelines(p + "\n" for p in paths)


def exclude_broken(python, root, scratch):
    """Compiles every .py below |root| with |python| once and deletes the
    ones that fail. Returns [{"path", "error"}] of the deleted files."""
    list_file = os.path.join(scratch, "all-sources.txt")
    write_list(list_sources(root), list_file)
    cmd = [python, "-B", os.path.join(HERE, "pyside.py"), "broken", root,
           list_file]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise BenchError("finding broken files in %s failed (exit %d):\n%s"
                         % (root, p.returncode, p.stderr[-2000:]))
    broken = json.loads(p.stdout)
    for b in broken:
        os.remove(os.path.join(root, b["path"]))
    return broken
