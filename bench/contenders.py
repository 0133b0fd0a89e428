"""One timed run of each contender outside pycpack, and the timing itself.

A run returns a Sample: wall time (time.perf_counter around the child), CPU
time and peak RSS. Both come from os.wait4 on the child: its user + system
time including every descendant it waited for (a shell's pipeline, pycpack's
workers), and the largest resident set of any one of those processes.
Everything a run writes goes below Context.tmp; a run that fails raises
BenchError naming the command and quoting the end of its stderr.
"""

import json
import os
import shlex
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from typing import Optional

from corpus import BenchError, HERE, write_list

# The tar command of contender (c): deterministic order, times and owners.
TAR_GZIP = ("tar --sort=name --mtime=@315532800 --owner=0 --group=0 "
            "--numeric-owner -cf - -C {src} . | gzip -6 -n > {out}")


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_kb: Optional[int] = None  # peak resident set, any one process


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
        return self.path("logs", "%03d-%s" % (self.counter, name))


def child_env(tmp):
    """The environment of every contender: the caller's, minus settings that
    change what Python or pycpack do, plus a default cache directory inside
    the benchmark's directory (so nothing is written outside it)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PYTHON") and k != "SOURCE_DATE_EPOCH"}
    env["XDG_CACHE_HOME"] = os.path.join(tmp, "xdg-cache")
    env["LC_ALL"] = "C.UTF-8"
    return env


def _wait(p):
    """Reaps |p| with os.wait4: (exit code, resource usage)."""
    try:
        _, status, usage = os.wait4(p.pid, 0)
    except BaseException:
        p.kill()
        p.wait()
        raise
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, usage


def timed(ctx, name, cmd, shell=False, env=None):
    """Runs |cmd|; returns (Sample, stdout bytes). stdout and stderr go to
    log files (NNN-name.out, NNN-name.log)."""
    log = ctx.log(name)
    with open(log + ".log", "wb") as err, open(log + ".out", "wb") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, shell=shell, stdout=out, stderr=err,
                             env=env or ctx.env,
                             executable="/bin/bash" if shell else None)
        rc, usage = _wait(p)
        wall = time.perf_counter() - t0
    if rc != 0:
        with open(log + ".log", "rb") as f:
            tail = f.read()[-3000:].decode("utf-8", "replace")
        shown = cmd if shell else " ".join(cmd)
        raise BenchError("%s: `%s` exited %d; its stderr ends with:\n%s"
                         % (name, shown, rc, tail))
    with open(log + ".out", "rb") as f:
        stdout = f.read()
    return Sample(wall, usage.ru_utime + usage.ru_stime,
                  usage.ru_maxrss), stdout


def cpu_limit(ctx):
    """(a): compile() + marshal.dumps of every source in one warm process.
    Returns the Sample of the compile loop alone (reading is not timed)."""
    list_file = ctx.path("sources.txt")
    if not os.path.exists(list_file):
        write_list(ctx.sources, list_file)
    cmd = [ctx.python, "-B", os.path.join(HERE, "pyside.py"), "cpu-limit",
           ctx.corpus, list_file]
    sample, out = timed(ctx, "cpu-limit", cmd)
    r = json.loads(out)
    if r["files"] != len(ctx.sources):
        raise BenchError("cpu-limit compiled %d files, expected %d"
                         % (r["files"], len(ctx.sources)))
    return Sample(r["wall"], r["cpu"], sample.rss_kb)


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
    size = os.path.getsize(out)
    os.remove(out)
    return sample, size


def read_and_compress(ctx, path):
    """The reference of the big-file run: `cat`, `gzip -6 -n` and
    `zstd -3 -T1` of |path|, each to /dev/null. Returns {name: Sample}."""
    q = shlex.quote(path)
    commands = [("cat", "cat %s > /dev/null" % q),
                ("gzip-6", "gzip -6 -n -c %s > /dev/null" % q),
                ("zstd-3", "zstd -q -3 -T1 -c %s > /dev/null" % q)]
    return {name: timed(ctx, "ref-" + name, cmd, shell=True)[0]
            for name, cmd in commands}
