#!/usr/bin/env python3
"""Precompiling a generated 2,000-module tree through Bazel, three ways:

  worker     pycpack_pycs, `pycpack precompile` as a JSON multiplex worker
             (the rules' default);
  one-shot   the same actions with --strategy=PycpackCompile=local (and
             =sandboxed): one `pycpack precompile @params` process per file;
  py_compile a per-file action of this benchmark's own rule running
             `python3 -c 'py_compile.compile(src, cfile, dfile, ...)'`: what
             `python3 -m py_compile` does, with the output path Bazel
             declares (the module's CLI can only write beside the source),
             local and sandboxed.

Each way is timed from a `bazel clean` on one warm Bazel server (analysis is
done once before any timing), with this script's own clock around the
`bazel build` command; Bazel's "Elapsed time" and process summary are shown
too. One pyc per module (level 0, checked hash). Prints the times and the
ratios to the worker; the pycpack ways must give identical bytes.

Usage: bench/bazel_bench.py [--pycpack PATH] [--modules N] [--keep]
Needs bazel (Debian: bazel-bootstrap) and python3. Uses a temporary
workspace and --output_user_root, and shuts its Bazel server down.
"""

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

MODULE = '''"""Generated module {n}: a few classes and functions."""

import functools

CONSTANT_{n} = {n}
TABLE = {{"a": {n}, "b": [{n}, {n} + 1, "{n}"], "c": ({n}, None, True)}}


class Record{n}:
    """A record with a name and a value."""

    def __init__(self, name, value={n}):
        self.name = name
        self.value = value

    def __repr__(self):
        return "Record{n}(%r, %r)" % (self.name, self.value)

    @functools.lru_cache(maxsize=None)
    def scaled(self, factor):
        """The value times |factor|."""
        assert factor, "factor must not be zero"
        return [self.value * factor + i for i in range(8) if i % 2]


def process(items, *, limit={n}):
    """Sums what fits below |limit|."""
    total = 0
    for item in items:
        if isinstance(item, Record{n}):
            total += item.value
        elif isinstance(item, (int, float)):
            total += item
        else:
            try:
                total += int(item)
            except ValueError:
                continue
        if total > limit:
            break
    return {{"total": total, "items": len(items), "name": f"m{n}-{{total}}"}}


async def fetch(queue):
    async with queue as q:
        return [x async for x in q if x is not None]
'''

BENCH_RULE = '''"""py_compile_pycs: one python3 py_compile action per source."""

_SCRIPT = ("import py_compile, sys; py_compile.compile(sys.argv[1], " +
           "cfile=sys.argv[2], dfile=sys.argv[3], doraise=True, " +
           "invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)")

def _impl(ctx):
    outs = []
    for src in ctx.files.srcs:
        rel = src.short_path[len(ctx.label.package) + 1:]
        d = rel[:-len(src.basename)]
        pyc = ctx.actions.declare_file(
            "pyc_py/" + d + "__pycache__/" + src.basename[:-3] + ".cpython-311.pyc")
        ctx.actions.run(
            executable = ctx.attr.python,
            arguments = ["-c", _SCRIPT, src.path, pyc.path, src.short_path],
            inputs = [src],
            outputs = [pyc],
            mnemonic = "PyCompileBench",
            env = {"PYTHONHASHSEED": "0"},
        )
        outs.append(pyc)
    return [DefaultInfo(files = depset(outs))]

py_compile_pycs = rule(implementation = _impl, attrs = {
    "srcs": attr.label_list(allow_files = [".py"]),
    "python": attr.string(mandatory = True),
})
'''


def say(*args):
    print(*args, file=sys.stderr, flush=True)


def make_workspace(ws, pycpack, modules, python):
    os.makedirs(os.path.join(ws, "tools"))
    shutil.copy(pycpack, os.path.join(ws, "tools", "pycpack"))
    os.chmod(os.path.join(ws, "tools", "pycpack"), 0o755)
    with open(os.path.join(ws, "tools", "BUILD"), "w") as f:
        f.write('exports_files(["pycpack"])\n')
    with open(os.path.join(ws, "WORKSPACE"), "w") as f:
        f.write('local_repository(name = "pycpack", path = %r)\n' % REPO)
    with open(os.path.join(ws, ".bazelrc"), "w") as f:
        f.write("build --experimental_worker_allow_json_protocol --nosandbox_debug\n"
                "build --@pycpack//bazel:tool=//tools:pycpack\n")
    gen = os.path.join(ws, "gen")
    for n in range(modules):
        d = os.path.join(gen, "pkg%02d" % (n // 100))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "mod%04d.py" % n), "w") as f:
            f.write(MODULE.format(n=n))
    with open(os.path.join(gen, "bench.bzl"), "w") as f:
        f.write(BENCH_RULE)
    with open(os.path.join(gen, "BUILD"), "w") as f:
        f.write('load("@pycpack//bazel:defs.bzl", "pycpack_pycs")\n'
                'load(":bench.bzl", "py_compile_pycs")\n\n'
                'pycpack_pycs(name = "pycpack", srcs = glob(["**/*.py"]))\n\n'
                'py_compile_pycs(name = "py_compile", srcs = glob(["**/*.py"]), '
                'python = %r)\n' % python)


class Bazel:
    def __init__(self, ws, root):
        self.ws = ws
        self.startup = ["--output_user_root=" + root, "--nohome_rc", "--max_idle_secs=600"]

    def run(self, *args):
        proc = subprocess.run(["bazel"] + self.startup + list(args), cwd=self.ws,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            raise SystemExit("bazel %s failed:\n%s" % (" ".join(args), proc.stderr[-4000:]))
        return proc

    def timed_build(self, target, flags):
        self.run("clean")
        started = time.perf_counter()
        proc = self.run("build", "--color=no", "--curses=no", *flags, target)
        wall = time.perf_counter() - started
        elapsed = re.search(r"Elapsed time: ([\d.]+)s", proc.stderr)
        processes = re.search(r"INFO: (\d+ processes: [^\n]*)", proc.stderr)
        return wall, elapsed and float(elapsed.group(1)), processes and processes.group(1)


def tree_digest(root):
    h, count = hashlib.sha256(), 0
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".pyc"):
                path = os.path.join(dirpath, name)
                h.update(os.path.relpath(path, root).encode() + b"\0")
                with open(path, "rb") as f:
                    h.update(f.read())
                count += 1
    return h.hexdigest()[:16], count


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pycpack", default=os.path.join(REPO, "build", "pycpack"))
    ap.add_argument("--modules", type=int, default=2000)
    ap.add_argument("--keep", action="store_true", help="keep the workspace")
    args = ap.parse_args(argv)
    if shutil.which("bazel") is None:
        raise SystemExit("bazel not found (Debian: apt-get install bazel-bootstrap)")
    python = shutil.which("python3")
    top = tempfile.mkdtemp(prefix="pycpack-bazel-bench-")
    ws = os.path.join(top, "ws")
    make_workspace(ws, os.path.realpath(args.pycpack), args.modules, python)
    bazel = Bazel(ws, os.path.join(top, "root"))
    ways = [
        ("worker", "//gen:pycpack", []),
        ("one-shot local", "//gen:pycpack", ["--strategy=PycpackCompile=local"]),
        ("one-shot sandboxed", "//gen:pycpack", ["--strategy=PycpackCompile=sandboxed"]),
        ("py_compile local", "//gen:py_compile", ["--strategy=PyCompileBench=local"]),
        ("py_compile sandboxed", "//gen:py_compile", ["--strategy=PyCompileBench=sandboxed"]),
    ]
    results = []
    try:
        say("analysing %d modules ..." % args.modules)
        bazel.run("build", "--nobuild", "//gen:all")
        for name, target, flags in ways:
            say("timing %s ..." % name)
            wall, elapsed, processes = bazel.timed_build(target, flags)
            out = os.path.join(ws, "bazel-bin", "gen")
            digest = tree_digest(os.path.join(out, "pyc_py") if "py_compile" in name
                                 else out)
            results.append((name, wall, elapsed, processes, digest))
    finally:
        subprocess.run(["bazel"] + bazel.startup + ["shutdown"], cwd=ws,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not args.keep:
            subprocess.run(["chmod", "-R", "u+w", top])
            shutil.rmtree(top, ignore_errors=True)
    base = results[0][1]
    print("%d modules, one pyc each; %d cores; pycpack %s" % (
        args.modules, os.cpu_count(), subprocess.run(
            [args.pycpack, "--version"], capture_output=True, text=True).stdout.strip()))
    print("%-22s %9s %10s %8s  %-34s %s" % ("way", "wall (s)", "bazel (s)", "ratio",
                                            "processes", "pycs (digest, count)"))
    for name, wall, elapsed, processes, digest in results:
        print("%-22s %9.2f %10s %7.2fx  %-34s %s" % (
            name, wall, "%.2f" % elapsed if elapsed else "?", wall / base,
            processes or "?", "%s, %d" % digest))
    pycpack_digests = {r[4] for r in results if "py_compile" not in r[0]}
    if len(pycpack_digests) != 1:
        print("ERROR: the pycpack ways gave different pycs: %s" % pycpack_digests)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
