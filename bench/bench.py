#!/usr/bin/python3
"""Benchmark: pycpack against CPython's compiler, compileall and tar | gzip.

Run from the repository root:  /usr/bin/python3 bench/bench.py [options]
See docs/benchmarks.md for the contenders, the targets and past results.

Everything the benchmark writes goes to one temporary directory (removed at
the end unless --keep), plus build/ when it has to build pycpack, plus the
--json file; the one exception is `apt-get install libpythonX.Y-testsuite`
when the standard library's tests are missing and no --corpus is given.
"""

import sys

# The imports below must not leave a bench/__pycache__ behind.
sys.dont_write_bytecode = True

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import contenders as c  # noqa: E402
import corpus  # noqa: E402
import report  # noqa: E402
from corpus import BenchError  # noqa: E402

PYTHON = "/usr/bin/python3"  # the interpreter pycpack embeds (Debian's)
REPO = os.path.dirname(corpus.HERE)


def say(*args):
    print(*args, flush=True)


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="bench/bench.py", description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=3,
                   help="timed runs of each contender (default 3; medians)")
    p.add_argument("--quick", action="store_true",
                   help="a small part of the corpus: a smoke run")
    p.add_argument("--corpus", metavar="DIR",
                   help="compile DIR instead of the standard library of "
                   + PYTHON + " with its tests")
    p.add_argument("--pycpack", metavar="PATH",
                   help="the pycpack binary (default: build/pycpack of the "
                   "repository, built in Release if absent)")
    p.add_argument("--json", metavar="FILE", help="write the results to FILE")
    p.add_argument("--keep", action="store_true",
                   help="keep the temporary directory (logs, artifacts)")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")
    return args


def build_pycpack(build_dir):
    say("building %s/pycpack (Release)" % build_dir)
    for cmd in (["cmake", "-S", REPO, "-B", build_dir, "-G", "Ninja",
                 "-DCMAKE_BUILD_TYPE=Release", "-DPYCPACK_BUILD_TESTS=OFF"],
                ["cmake", "--build", build_dir, "--target", "pycpack",
                 "-j2"]):
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            raise BenchError("`%s` failed (exit %d):\n%s" % (
                " ".join(cmd), p.returncode, (p.stdout + p.stderr)[-3000:]))


def locate_pycpack(path):
    """The pycpack binary to measure and what is known about it."""
    if path is None:
        path = os.path.join(REPO, "build", "pycpack")
        if not os.path.exists(path):
            build_pycpack(os.path.dirname(path))
    path = os.path.abspath(path)
    if not os.access(path, os.X_OK):
        raise BenchError("%s: not an executable file (see --pycpack)" % path)
    version = subprocess.run([path, "--version"], capture_output=True,
                             text=True).stdout.strip()
    if not version.startswith("pycpack "):
        raise BenchError("%s: not pycpack (--version printed %r)"
                         % (path, version[:60]))
    help_text = subprocess.run([path, "build", "--help"], capture_output=True,
                               text=True).stdout
    flags = c.PycpackFlags(
        jobs="--jobs" in help_text or " -j " in help_text
        or " -j," in help_text,
        cache_dir="--cache-dir" in help_text,
        no_cache="--no-cache" in help_text, help_text=help_text)
    cache = os.path.join(os.path.dirname(path), "CMakeCache.txt")
    build_type = report.first_line_with(cache, "CMAKE_BUILD_TYPE:")
    if build_type is not None:
        build_type = build_type.split("=", 1)[-1]
    return path, {"path": path, "version": version, "build_type": build_type,
                  "flags": {"jobs": flags.jobs, "cache_dir": flags.cache_dir,
                            "no_cache": flags.no_cache},
                  "missing_flags": flags.missing()}, flags


def newest_source_mtime():
    """The newest modification time of the C++ sources of the repository."""
    newest = 0.0
    for sub in ("src", "include"):
        for dirpath, _, files in os.walk(os.path.join(REPO, sub)):
            for n in files:
                newest = max(newest, os.path.getmtime(os.path.join(dirpath,
                                                                   n)))
    return newest


def explain_flags(info, flags):
    """Says which of the expected options this pycpack lacks, and what the
    benchmark does instead."""
    notes = []
    if not flags.jobs:
        notes.append("pycpack build --help lists no -j/--jobs: (d)/(e) run "
                     "with its default parallelism")
    if not flags.cache_dir:
        notes.append("pycpack build --help lists no --cache-dir: cold runs "
                     "point XDG_CACHE_HOME at an empty directory, warm runs "
                     "at a populated one (only helps if pycpack has a "
                     "default cache)")
    if not flags.no_cache:
        notes.append("pycpack build --help lists no --no-cache: the "
                     "'--no-cache' row is not measured")
    if info["build_type"] not in (None, "Release"):
        notes.append("%s was built as %s, not Release"
                     % (info["path"], info["build_type"]))
    if os.path.getmtime(info["path"]) < newest_source_mtime():
        notes.append("%s is older than the newest file in src/ or include/:"
                     " rebuild it to measure the current sources"
                     % info["path"])
    for n in notes:
        say("NOTE: " + n)
    return notes


def prepare_corpus(args, facts, tmp):
    """Copies the corpus into |tmp| and removes the broken files."""
    top = args.corpus
    if top is None:
        corpus.ensure_stdlib_tests(facts, say)
        top = facts["stdlib"]
    dest = os.path.join(tmp, "corpus")
    say("copying %s%s" % (top, " (--quick subset)" if args.quick else ""))
    stats = corpus.copy_tree(top, dest, args.quick)
    broken = corpus.exclude_broken(PYTHON, dest, tmp)
    sources = corpus.list_sources(dest)
    source_bytes = sum(os.path.getsize(os.path.join(dest, s)) for s in sources)
    say("corpus: %d files (%d .py, %.1f MB of source); %d .py excluded as "
        "not compilable by %s, e.g. %s" % (
            stats["files"] - len(broken), len(sources), source_bytes / 1e6,
            len(broken), PYTHON,
            ", ".join(b["path"] for b in broken[:3]) or "none"))
    info = dict(stats, source=top, quick=args.quick, sources=len(sources),
                source_bytes=source_bytes, excluded=broken)
    return dest, sources, info


def check_same_interpreter(rep, facts):
    interp = rep.get("interpreter") or {}
    if (interp.get("version"), interp.get("magic")) != (facts["version"],
                                                         facts["magic"]):
        raise BenchError(
            "pycpack embeds %s (magic %s) but %s is %s (magic %s): the "
            "comparison needs the same interpreter" % (
                interp.get("version"), interp.get("magic"), PYTHON,
                facts["version"], facts["magic"]))


def cold_rounds(ctx, runs, samples, sizes, facts):
    """Interleaves the cold contenders, |runs| rounds. Returns the cache
    directory populated by the last cold tar.gz run."""
    ncpu = os.cpu_count()
    warm_cache = None
    for i in range(runs):
        say("round %d/%d: (a) compile+marshal" % (i + 1, runs))
        a = c.cpu_limit(ctx)
        samples["a_single"].append(a)
        samples["a_per_core"].append(c.Sample(a.wall / ncpu, a.cpu / ncpu))
        say("round %d/%d: (b)/(c) compileall, tar | gzip" % (i + 1, runs))
        b, t, sizes["compileall_tar_gz"] = c.compileall_then_tar(ctx)
        samples["b_compileall"].append(b)
        samples["c_tar_step"].append(t)
        samples["c_compileall_tar"].append(c.Sample(b.wall + t.wall,
                                                    b.cpu + t.cpu))
        say("round %d/%d: (d) pycpack" % (i + 1, runs))
        if warm_cache:
            shutil.rmtree(warm_cache, ignore_errors=True)
        warm_cache = ctx.path("cache-%d" % i)
        s, rep = c.pycpack(ctx, "tar.gz", warm_cache)
        check_same_interpreter(rep, facts)
        samples["d_targz"].append(s)
        samples["d_tarzst"].append(c.cold(ctx, "tar.zst")[0])
        if ctx.flags.no_cache:
            samples["d_targz_nocache"].append(c.pycpack(ctx, "tar.gz",
                                                        None)[0])
        breakdown(ctx, samples, sizes)
    for fmt in ("tar.gz", "tar.zst"):
        sizes["pycpack_" + fmt.replace(".", "_")] = os.path.getsize(
            ctx.path("out", "pycpack." + fmt))
    return warm_cache


def breakdown(ctx, samples, sizes):
    """Where (d)'s time goes: pycpack to an uncompressed tar, and gzip -6 -n
    of that tar alone. The latter is also the size reference: pycpack's
    tar.gz against gzip -6 of exactly the same bytes."""
    samples["d_tar"].append(c.cold(ctx, "tar")[0])
    tar = ctx.path("out", "pycpack.tar")
    sample, sizes["gzip6_of_pycpack_tar"] = c.gzip_tar(ctx, tar)
    samples["gzip_tar"].append(sample)
    sizes["pycpack_tar"] = os.path.getsize(tar)


def warm_rounds(ctx, runs, samples, cache):
    """(e): touch one file, rebuild with the populated cache. Returns what
    the reports said about the cache, one dict per run."""
    counters = []
    for i in range(runs):
        rel = c.touch_one(ctx, i)
        say("round %d/%d: (e) pycpack warm, %s touched" % (i + 1, runs, rel))
        s, rep = c.pycpack(ctx, "tar.gz", cache)
        samples["e_warm"].append(s)
        counters.append(c.cache_counters(rep))
        misses = (rep.get("cache") or {}).get("misses")
        if misses is not None and misses != 1:
            say("NOTE: warm run %d: %s cache misses, expected 1 (the touched"
                " file)" % (i + 1, misses))
    if counters and counters[-1]:
        say("cache counters of the last warm run: %s" % json.dumps(
            counters[-1]))
    elif counters:
        say("NOTE: the --json report of pycpack shows no cache counters")
    return counters


def check_corpus_untouched(ctx):
    for dirpath, dirnames, _ in os.walk(ctx.corpus):
        if "__pycache__" in dirnames:
            raise BenchError("pycpack wrote into its input: %s/__pycache__"
                             % dirpath)


def run(args, tmp, results):
    facts = corpus.interpreter_facts(PYTHON)
    loadavg_start = os.getloadavg()
    path, results["pycpack"], flags = locate_pycpack(args.pycpack)
    say("pycpack: %s (%s, %s)" % (path, results["pycpack"]["version"],
                                  results["pycpack"]["build_type"]))
    results["notes"] = explain_flags(results["pycpack"], flags)
    for d in ("logs", "out"):
        os.makedirs(os.path.join(tmp, d))
    dest, sources, results["corpus"] = prepare_corpus(args, facts, tmp)
    # After prepare_corpus: installing the test suite may upgrade Python.
    facts = corpus.interpreter_facts(PYTHON)
    results["machine"] = report.machine(facts)
    results["machine"]["loadavg_start"] = loadavg_start
    ctx = c.Context(python=PYTHON, pycpack=path, tmp=tmp, corpus=dest,
                    sources=sources, flags=flags, env=c.child_env(tmp))
    samples = {key: [] for key, _ in report.ROWS}
    sizes = {}
    try:
        cache = cold_rounds(ctx, args.runs, samples, sizes, facts)
        check_corpus_untouched(ctx)
        results["warm_cache_counters"] = warm_rounds(ctx, args.runs, samples,
                                                     cache)
    finally:
        results["times"] = report.summarize(samples)
        results["sizes"] = report.size_check(sizes)


def print_results(results):
    m = results["machine"]
    say("")
    say("machine: %s cores (%s usable), %s, %s RAM; %s; %s" % (
        m["cpu_count"], m["cpus_usable"], m["cpu_model"], m["mem_total"],
        m["os"], m["python_package"]))
    say("load average at start %.2f, at end %.2f (shared machines add noise)"
        % (m["loadavg_start"][0], m["loadavg_end"][0]))
    report.print_times(results["times"], m["cpu_count"], say)
    results["ratios"] = report.ratios(results["times"])
    report.print_ratios(results["ratios"], say)
    report.print_breakdown(results["times"], say)
    report.print_sizes(results["sizes"], say)
    for n in results.get("notes", []):
        say("NOTE: " + n)


def main(argv):
    args = parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="pycpack-bench-")
    results = {"runs": args.runs, "quick": args.quick}
    start = time.perf_counter()
    status = 0
    try:
        run(args, tmp, results)
    except BenchError as e:
        say("bench: error: %s" % e)
        results["error"] = str(e)
        status = 1
    finally:
        if args.keep:
            say("kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    results["seconds"] = time.perf_counter() - start
    if "machine" in results:
        results["machine"]["loadavg_end"] = os.getloadavg()
        if "times" in results:
            print_results(results)
            if "error" in results:
                say("bench: error (see above): %s"
                    % results["error"].split("\n")[0])
    say("total %.0f s" % results["seconds"])
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2, default=str)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
