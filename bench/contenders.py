"""One timed run of each contender.

A run returns a Sample: wall time (time.perf_counter around the child) and
CPU time (user + system of every child process waited for, from
resource.getrusage(RUSAGE_CHILDREN)). Everything a run writes goes below
Context.tmp; a run that fails raises BenchError naming the command and
quoting the end of its stderr.
"""

import json
import os
import re
import resource
import shlex
import shutil
import subprocess
import time
from dataclasses import dataclass, field

from corpus import BenchError, HERE, write_list

# The tar command of contender (c): deterministic order, times and owners.
TAR_GZIP = ("tar --sort=name --mtime=@315532800 --owner=0 --group=0 "
            "--numeric-owner -cf - -C {src} . | gzip -6 -n > {out}")


@dataclass
class Sample:
    wall: float
    cpu: float


@dataclass
class PycpackFlags:
    """What `pycpack build --help` offers."""
    jobs: bool = False
    cache_dir: bool = False
    no_cache: bool = False
    help_text: str = ""

    def missing(self):
        names = [("-j/--jobs", self.jobs), ("--cache-dir", self.cache_dir),
                 ("--no-cache", self.no_cache)]
        return [n for n, present in names if not present]


@dataclass
class Context:
    python: str       # the interpreter pycpack embeds
    pycpack: str
    tmp: str          # the benchmark's private directory
    corpus: str       # the pristine copy; only (e) modifies it
    sources: list     # its .py files, relative paths
    flags: PycpackFlags
    env: dict = field(default_factory=dict)
    counter: int = 0  # numbers the logs

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def log(self, name):
        self.counter += 1
        return self.path("logs", "%03d-%s.log" % (self.counter, name))


def child_env(tmp):
    """The environment of every contender: the caller's, minus settings that
    change what Python or pycpack do, plus a default cache directory inside
    the benchmark's directory (so nothing is written outside it)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PYTHON") and k != "SOURCE_DATE_EPOCH"}
    env["XDG_CACHE_HOME"] = os.path.join(tmp, "xdg-cache")
    env["LC_ALL"] = "C.UTF-8"
    return env


def timed(ctx, name, cmd, shell=False, env=None):
    """Runs |cmd|; returns (Sample, stdout). stderr goes to a log file."""
    log = ctx.log(name)
    with open(log, "wb") as err:
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(cmd, shell=shell, stdout=subprocess.PIPE,
                           stderr=err, env=env or ctx.env,
                           executable="/bin/bash" if shell else None)
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    if p.returncode != 0:
        with open(log, "rb") as f:
            tail = f.read()[-3000:].decode("utf-8", "replace")
        shown = cmd if shell else " ".join(cmd)
        raise BenchError("%s: `%s` exited %d; its stderr ends with:\n%s"
                         % (name, shown, p.returncode, tail))
    return Sample(wall, cpu), p.stdout


def cpu_limit(ctx):
    """(a): compile() + marshal.dumps of every source in one warm process.
    Returns the Sample of the compile loop alone (reading is not timed)."""
    list_file = ctx.path("sources.txt")
    if not os.path.exists(list_file):
        write_list(ctx.sources, list_file)
    cmd = [ctx.python, "-B", os.path.join(HERE, "pyside.py"), "cpu-limit",
           ctx.corpus, list_file]
    _, out = timed(ctx, "cpu-limit", cmd)
    r = json.loads(out)
    if r["files"] != len(ctx.sources):
        raise BenchError("cpu-limit compiled %d files, expected %d"
                         % (r["files"], len(ctx.sources)))
    return Sample(r["wall"], r["cpu"])


def fresh_copy(ctx):
    """A copy of the pristine corpus that compileall may write into."""
    work = ctx.path("work")
    if os.path.exists(work):
        shutil.rmtree(work)
    shutil.copytree(ctx.corpus, work)
    return work


def compileall_then_tar(ctx):
    """(b) and (c): compileall into a fresh copy, then tar | gzip -6 of it.
    Returns (Sample of compileall, Sample of tar|gzip, tar.gz size)."""
    work = fresh_copy(ctx)
    cmd = [ctx.python, "-m", "compileall", "-q", "-j0",
           "--invalidation-mode", "unchecked-hash", work]
    compiled, _ = timed(ctx, "compileall", cmd)
    pycs = sum(1 for d, _, files in os.walk(work) for n in files
               if n.endswith(".pyc") and os.path.basename(d) == "__pycache__")
    if pycs != len(ctx.sources):
        raise BenchError("compileall wrote %d pycs in %s, expected %d"
                         % (pycs, work, len(ctx.sources)))
    out = ctx.path("out", "compileall.tar.gz")
    script = "set -o pipefail; " + TAR_GZIP.format(src=shlex.quote(work),
                                                   out=shlex.quote(out))
    packed, _ = timed(ctx, "tar-gzip", script, shell=True)
    return compiled, packed, os.path.getsize(out)


def write_manifest(ctx, fmt):
    """A manifest with the corpus as one py+pyc-unchecked library and one
    output of format |fmt|; returns (manifest path, output path)."""
    out = ctx.path("out", "pycpack." + fmt)
    manifest = {
        "manifest_version": 1,
        "defaults": {"mode": "py+pyc-unchecked", "optimize": [0]},
        "libraries": [{"name": "corpus", "root": ctx.corpus}],
        "outputs": [{"path": out, "format": fmt}],
    }
    path = ctx.path("manifest-%s.json" % fmt)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    return path, out


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


def pycpack(ctx, fmt, cache):
    """(d)/(e): one `pycpack build -j 0` of the corpus to format |fmt| with
    |cache| (see cache_args). Returns (Sample, the --json report)."""
    manifest, out = write_manifest(ctx, fmt)
    extra, env = cache_args(ctx, cache)
    jobs = ["-j", "0"] if ctx.flags.jobs else []
    cmd = [ctx.pycpack, "build", manifest, "-q", "--json"] + jobs + extra
    try:
        sample, stdout = timed(ctx, "pycpack-" + fmt, cmd, env=env)
    finally:
        shutil.rmtree(ctx.path("cache-throwaway"), ignore_errors=True)
    report = json.loads(stdout)
    summary = report["summary"]
    made = summary["compiled"] + summary.get("cached", 0)
    if made != len(ctx.sources) or not os.path.exists(out):
        raise BenchError("pycpack compiled or took from its cache %d pycs "
                         "for %d sources, or wrote no %s"
                         % (made, len(ctx.sources), out))
    return sample, report


def cold(ctx, fmt):
    """pycpack with an empty cache directory, removed afterwards."""
    cache = ctx.path("cache-cold")
    try:
        return pycpack(ctx, fmt, cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def cache_counters(report):
    """Whatever the report says about the cache: {key: value} of every
    summary entry whose name mentions cache, hit or miss."""
    pattern = re.compile(r"cache|hit|miss")
    found = {}

    def walk(obj, prefix):
        for k, v in obj.items():
            if isinstance(v, dict):
                walk(v, prefix + k + ".")
            elif pattern.search(k):
                found[prefix + k] = v
    walk(report.get("summary", {}), "")
    if isinstance(report.get("cache"), dict):
        walk(report["cache"], "cache.")
    return found


def touch_one(ctx, i):
    """Appends a comment line to one source of the corpus (a different line
    each time, so that exactly one source changes per call)."""
    rel = "json/encoder.py" if "json/encoder.py" in ctx.sources \
        else ctx.sources[len(ctx.sources) // 2]
    path = os.path.join(ctx.corpus, rel)
    with open(path, "rb") as f:
        ends_with_newline = f.read().endswith(b"\n")
    with open(path, "ab") as f:
        f.write((b"" if ends_with_newline else b"\n") +
                b"# touched by the pycpack benchmark, run %d\n" % i)
    return rel


def gzip_tar(ctx, tar_path):
    """`gzip -6 -n` of |tar_path|: returns (Sample, compressed size)."""
    out = tar_path + ".gz6"
    sample, _ = timed(ctx, "gzip-6", "gzip -6 -n < %s > %s"
                      % (shlex.quote(tar_path), shlex.quote(out)), shell=True)
    return sample, os.path.getsize(out)
