"""pycpack builds, as the benchmark runs them.

A Build names one manifest: a tree (the corpus unless given) as one library
and one output per format. pycpack() runs `pycpack build MANIFEST -q --json`
with a cache directory or --no-cache, checks what the report says was made,
and returns the Sample and the report.
"""

import json
import os
import re
import shutil
from dataclasses import dataclass
from typing import Optional

from contenders import timed
from corpus import BenchError

# The metadata a wheel output needs when its library holds no .dist-info.
WHEEL_NAME, WHEEL_VERSION = "bench_corpus", "1.0"


@dataclass(frozen=True)
class Build:
    """One manifest. |name| makes its outputs' paths unique: two Builds
    with the same name and format write the same artifact."""
    name: str
    formats: tuple
    mode: str = "py+pyc-unchecked"
    check_syntax: bool = True      # py-only: compile to check the syntax
    target: Optional[str] = None   # a Python program as the only target
    jobs: str = "0"

    def label(self):
        return "%s-%s" % (self.name, "+".join(self.formats))


def output_spec(ctx, build, fmt):
    """The manifest's output of format |fmt| (wheel: a directory that
    receives the .whl)."""
    path = ctx.path("out", "%s.%s" % (build.name, fmt))
    if fmt == "wheel":
        return {"path": path, "format": fmt, "name": WHEEL_NAME,
                "version": WHEEL_VERSION}
    return {"path": path, "format": fmt}


def write_manifest(ctx, build, root):
    """Writes the manifest of |build| over |root|; returns its path."""
    defaults = {"mode": build.mode}
    if build.mode == "py-only":
        defaults["check_syntax"] = build.check_syntax
    else:
        defaults["optimize"] = [0]
    manifest = {
        "manifest_version": 1,
        "defaults": defaults,
        "libraries": [{"name": "corpus", "root": root}],
        "outputs": [output_spec(ctx, build, f) for f in build.formats],
    }
    if build.target:
        manifest["targets"] = [{"python": build.target, "name": "foreign"}]
    path = ctx.path("manifest-%s.json" % build.label())
    with open(path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    return path


def cache_args(ctx, cache):
    """Command-line arguments and environment for |cache|: a directory
    (--cache-dir DIR when available), or None for no cache (--no-cache when
    available, else a throwaway empty directory). Without --cache-dir,
    XDG_CACHE_HOME points at the directory instead: that is where a
    pycpack with a default cache would look."""
    env = dict(ctx.env)
    if cache is None:
        if ctx.flags.no_cache:
            return ["--no-cache"], env
        cache = ctx.path("cache-throwaway")
    if ctx.flags.cache_dir:
        return ["--cache-dir", cache], env
    env["XDG_CACHE_HOME"] = cache
    return [], env


def _check_report(report, build, expect_pycs):
    summary = report["summary"]
    made = summary["compiled"] + summary.get("cached", 0)
    want = 0 if build.mode == "py-only" else expect_pycs
    if made != want:
        raise BenchError("pycpack %s: compiled or took from its cache %d "
                         "pycs, expected %d" % (build.label(), made, want))
    outputs = report.get("outputs") or []
    if len(outputs) != len(build.formats) or not all(
            os.path.exists(o["path"]) for o in outputs):
        raise BenchError("pycpack %s: the report names %d outputs, expected"
                         " %d existing ones" % (build.label(), len(outputs),
                                                len(build.formats)))


def pycpack(ctx, build, cache, root=None, expect_pycs=None):
    """One `pycpack build` of |build| over |root| (default: the corpus) with
    |cache| (see cache_args). |expect_pycs| (default: one per corpus
    source) is checked against the report. Returns (Sample, report)."""
    manifest = write_manifest(ctx, build, root or ctx.corpus)
    extra, env = cache_args(ctx, cache)
    jobs = ["-j", build.jobs] if ctx.flags.jobs else []
    cmd = [ctx.pycpack, "build", manifest, "-q", "--json"] + jobs + extra
    try:
        sample, stdout = timed(ctx, "pycpack-" + build.label(), cmd, env=env)
    finally:
        shutil.rmtree(ctx.path("cache-throwaway"), ignore_errors=True)
    report = json.loads(stdout)
    if expect_pycs is None:
        expect_pycs = len(ctx.sources)
    _check_report(report, build, expect_pycs)
    return sample, report


def cold(ctx, build, root=None, expect_pycs=None):
    """pycpack with a new, empty cache directory, removed afterwards."""
    cache = ctx.path("cache-cold")
    shutil.rmtree(cache, ignore_errors=True)
    try:
        return pycpack(ctx, build, cache, root, expect_pycs)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def artifact(report, fmt):
    """The path of the first output of format |fmt| in |report|."""
    for o in report.get("outputs") or []:
        if o["format"] == fmt:
            return o["path"]
    raise BenchError("the pycpack report names no %s output" % fmt)


def cache_counters(report):
    """Whatever the report says about the cache: {key: value} of every
    summary entry whose name mentions cache, hit or miss, and the cache
    object's counters; {} with --no-cache."""
    pattern = re.compile(r"cache|hit|miss")
    found = {}

    def walk(obj, prefix):
        for k, v in obj.items():
            if isinstance(v, dict):
                walk(v, prefix + k + ".")
            elif pattern.search(k) or prefix == "cache.":
                found[prefix + k] = v
    walk(report.get("summary", {}), "")
    if isinstance(report.get("cache"), dict):
        walk({k: v for k, v in report["cache"].items() if k != "dir"},
             "cache.")
    return found
