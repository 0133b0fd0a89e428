"""The CPython interpreters the tests run, found at run time.

Two places are searched, in this order:
  - the launchers that scripts/fetch-pythons writes for the versions Debian 12
    does not ship (3.14, 3.15): $PYCPACK_PYTHONS_DIR/bin/pythonX.Y, default
    ${XDG_CACHE_HOME:-~/.cache}/pycpack-pythons/bin/pythonX.Y;
  - pyenv's versions (`pyenv root`/versions/X.Y.Z/bin/pythonX.Y, the newest
    patch release of each X.Y).

A test that needs an interpreter nobody provides calls missing(): it skips,
naming the interpreter, or under CI=true it fails, so CI can never pass
without the interpreters it is meant to test with.
"""

import os
import subprocess
import sys
import unittest

# Every CPython pycpack supports, oldest first.
SUPPORTED = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15")
# The versions scripts/fetch-pythons provides.
FETCHED = ("3.14", "3.15")

_cache = {}


def pythons_dir():
    """Where scripts/fetch-pythons puts its launchers and roots."""
    env = os.environ.get("PYCPACK_PYTHONS_DIR")
    if env:
        return env
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(cache, "pycpack-pythons")


def pyenv_root():
    """`pyenv root`, or None without pyenv."""
    try:
        out = subprocess.run(["pyenv", "root"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, encoding="utf-8",
                             timeout=30, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def _pyenv_versions():
    root = pyenv_root()
    base = os.path.join(root, "versions") if root else None
    found = {}
    if not base or not os.path.isdir(base):
        return found
    for name in os.listdir(base):
        parts = name.split(".")
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            continue
        xy = "%s.%s" % (parts[0], parts[1])
        exe = os.path.join(base, name, "bin", "python" + xy)
        if os.access(exe, os.X_OK):
            best = found.get(xy)
            if best is None or int(parts[2]) > best[0]:
                found[xy] = (int(parts[2]), exe)
    return {xy: exe for xy, (_, exe) in found.items()}


def all_found():
    """{"3.12": path} of every CPython X.Y found (any version)."""
    if "all" not in _cache:
        found = _pyenv_versions()
        bin_dir = os.path.join(pythons_dir(), "bin")
        for xy in FETCHED:
            exe = os.path.join(bin_dir, "python" + xy)
            if os.access(exe, os.X_OK):
                found[xy] = exe
        _cache["all"] = found
    return dict(_cache["all"])


def find(versions=SUPPORTED):
    """{"3.12": path} for each X.Y of |versions| that is found."""
    return {xy: exe for xy, exe in all_found().items() if xy in versions}


def find_one(xy):
    """The path of CPython |xy|, or None."""
    return all_found().get(xy)


def by_minor(versions=SUPPORTED):
    """{12: path}: find() keyed by minor version."""
    return {int(xy.split(".")[1]): exe for xy, exe in find(versions).items()}


def where(xy):
    """Where CPython |xy| would have been found, for messages."""
    if xy in FETCHED:
        return "%s/bin/python%s (run scripts/fetch-pythons)" % (pythons_dir(), xy)
    return "pyenv (%s/versions/%s.*)" % (pyenv_root() or "no pyenv", xy)


def in_ci():
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(xys, test=None):
    """Reports that the CPython versions |xys| were not found: under CI=true
    raises AssertionError (through |test|.fail when given); otherwise skips
    |test| (unittest.SkipTest) or, without a test, prints a note and returns."""
    xys = [xys] if isinstance(xys, str) else list(xys)
    msg = "no CPython %s: looked in %s" % (
        ", ".join(xys), "; ".join(where(xy) for xy in xys))
    if in_ci():
        if test is not None:
            test.fail(msg + " (CI=true requires every supported version)")
        raise AssertionError(msg)
    if test is not None:
        raise unittest.SkipTest(msg)
    print("note: " + msg, file=sys.stderr)


def require(xys, test=None):
    """{xy: path} of |xys|; missing() for those not found."""
    xys = [xys] if isinstance(xys, str) else list(xys)
    found = find(xys)
    absent = [xy for xy in xys if xy not in found]
    if absent:
        missing(absent, test)
    return found
