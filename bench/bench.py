#!/usr/bin/python3
"""Benchmark: pycpack against CPython's compiler, compileall and tar | gzip.

Run from the repository root:  /usr/bin/python3 bench/bench.py [options]
See docs/benchmarks.md for the contenders, the targets and past results.

Each round (--runs of them) times (a) CPython's bare compile+marshal, (b)/(c)
compileall and tar | gzip, (d) pycpack cold to every format, to three
formats in one build, without a cache, for /usr/bin/python3 named as a
foreign target, and -j 1 with and without compiling (the compile phase).
Then (e) rebuilds every format after touching one file, and a generated
tree of many modules and a tree holding one big random file are built once
each (--no-large skips them). The goals and their targets are in goals.py.

Everything the benchmark writes goes to one temporary directory (removed at
the end unless --keep; the large inputs are removed as soon as measured),
plus build/ when it has to build pycpack, plus the --json file; the one
exception is `apt-get install libpythonX.Y-testsuite` when the standard
library's tests are missing and no --corpus is given.
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

import builds  # noqa: E402
import contenders as c  # noqa: E402
import corpus  # noqa: E402
import goals  # noqa: E402
import large as lg  # noqa: E402
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
                   help="keep the temporary directory (logs, artifacts; "
                   "the large inputs are deleted anyway)")
    p.add_argument("--no-large", action="store_true",
                   help="skip the many-module tree and the big file")
    p.add_argument("--large-modules", type=int, metavar="N",
                   help="modules of the generated tree (default 100000; "
                   "5000 with --quick)")
    p.add_argument("--big-file-mb", type=int, metavar="MB",
                   help="size of the big file in MB of 10^6 bytes (default "
                   "1500; 64 with --quick)")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")
    for name in ("large_modules", "big_file_mb"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            p.error("--%s must be at least 1" % name.replace("_", "-"))
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


def binary_identity(path):
    """What changes when |path| is rebuilt: size, mtime and inode."""
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ino


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
                     "--no-cache rows (and the goals of the cold cache, the "
                     "foreign target and the compile phase) are not "
                     "measured")
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


def _record(samples, counters, key, result):
    """Files a (Sample, report) of a pycpack run under row |key|."""
    sample, rep = result
    samples[key].append(sample)
    counters.setdefault(key, []).append(builds.cache_counters(rep))
    return rep


def cold_formats(ctx, i, samples, counters, facts):
    """(d) to each format with a new cache directory of its own, kept for
    that format's warm runs."""
    for fmt, suffix in report.FORMATS:
        cache = ctx.path("cache-" + suffix)
        shutil.rmtree(cache, ignore_errors=True)
        rep = _record(samples, counters, "d_" + suffix,
                      builds.pycpack(ctx, builds.Build("cold", (fmt,)), cache))
        if i == 0 and fmt == "tar.gz":
            check_same_interpreter(rep, facts)


def uncached(ctx, samples, counters):
    """The rows without a cache, the multi-output build and the compile
    phase pair."""
    _record(samples, counters, "d_multi",
            builds.cold(ctx, builds.Build("multi", ("tar.gz", "zip", "dir"))))
    if not ctx.flags.no_cache:
        return
    Build = builds.Build
    rows = [("d_targz_nocache", Build("nocache", ("tar.gz",))),
            ("d_tar_nocache", Build("nocache", ("tar",))),
            ("f_tar_foreign", Build("foreign", ("tar",), target=PYTHON)),
            ("k_tar_j1", Build("compile-j1", ("tar",), jobs="1")),
            ("k_pyonly_j1", Build("copy-j1", ("tar",), mode="py-only",
                                  check_syntax=False, jobs="1"))]
    for key, build in rows:
        _record(samples, counters, key, builds.pycpack(ctx, build, None))


def cold_rounds(ctx, runs, samples, counters, sizes, facts):
    """Interleaves the cold contenders, |runs| rounds. The caches of the
    last round's (d) runs stay for the warm runs."""
    ncpu = os.cpu_count()
    for i in range(runs):
        say("round %d/%d: (a) compile+marshal" % (i + 1, runs))
        a = c.cpu_limit(ctx)
        samples["a_single"].append(a)
        samples["a_per_core"].append(c.Sample(a.wall / ncpu, a.cpu / ncpu))
        say("round %d/%d: (b)/(c) compileall, tar | gzip" % (i + 1, runs))
        bc, t, sizes["compileall_tar_gz"] = c.compileall_then_tar(ctx)
        samples["b_compileall"].append(bc)
        samples["c_tar_step"].append(t)
        samples["c_compileall_tar"].append(c.Sample(bc.wall + t.wall,
                                                    bc.cpu + t.cpu))
        say("round %d/%d: (d) pycpack cold, each format" % (i + 1, runs))
        cold_formats(ctx, i, samples, counters, facts)
        sample, sizes["gzip6_of_pycpack_tar"] = c.gzip_tar(
            ctx, ctx.path("out", "cold.tar"))
        samples["gzip_tar"].append(sample)
        say("round %d/%d: pycpack multi-output, --no-cache, foreign target,"
            " -j 1" % (i + 1, runs))
        uncached(ctx, samples, counters)
    for fmt, suffix in report.FORMATS:
        if fmt not in ("dir", "wheel"):
            sizes["pycpack_" + fmt.replace(".", "_")] = os.path.getsize(
                ctx.path("out", "cold." + fmt))
    wheels = os.listdir(ctx.path("out", "cold.wheel"))
    sizes["pycpack_wheel"] = os.path.getsize(
        ctx.path("out", "cold.wheel", wheels[0]))


def warm_rounds(ctx, runs, samples, counters):
    """(e): touch one file, then rebuild each format with the cache its
    cold run filled. Returns the cache counters per format, one per run."""
    for i in range(runs):
        rel = c.touch_one(ctx, i)
        say("round %d/%d: (e) pycpack warm, each format, %s touched"
            % (i + 1, runs, rel))
        for fmt, suffix in report.FORMATS:
            rep = _record(samples, counters, "e_" + suffix,
                          builds.pycpack(ctx, builds.Build("cold", (fmt,)),
                                    ctx.path("cache-" + suffix)))
            misses = (rep.get("cache") or {}).get("misses")
            if misses is not None and misses != 1:
                say("NOTE: warm %s run %d: %s cache misses, expected 1 (the "
                    "touched file)" % (fmt, i + 1, misses))
    warm = {fmt: counters.get("e_" + s, []) for fmt, s in report.FORMATS}
    if runs and not any(c for each in warm.values() for c in each):
        say("NOTE: the --json report of pycpack shows no cache counters")
    return warm


def large_inputs(ctx, args, samples, counters, results):
    """The many-module tree and the big file, one run each."""
    modules = args.large_modules or (5000 if args.quick else 100000)
    large = lg.many_modules(ctx, modules, say)
    samples["large_tree"].append(large.pop("sample"))
    counters["large_tree"] = [large["counters"]]
    results["large_tree"] = large
    size = (args.big_file_mb or (64 if args.quick else 1500)) * 10 ** 6
    free = shutil.disk_usage(ctx.tmp).free
    if free < lg.BIG_FILE_DISK_FACTOR * size:
        note = ("the big file was skipped: it needs about %.1f GB free in %s"
                " (the file, four outputs and the cache), %.1f GB are free"
                % (lg.BIG_FILE_DISK_FACTOR * size / 1e9, ctx.tmp, free / 1e9))
        say("NOTE: " + note)
        results["notes"].append(note)
        return
    big = lg.big_file(ctx, size, say)
    samples["big_pycpack"].append(big.pop("sample"))
    counters["big_pycpack"] = [big["counters"]]
    for name, sample in big.pop("reference").items():
        key = {"cat": "big_cat", "gzip-6": "big_gzip", "zstd-3": "big_zstd"}
        samples[key[name]].append(sample)
    results["big_file"] = big


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
    identity = binary_identity(path)
    samples = {key: [] for key, _ in report.ROWS}
    counters = {}
    sizes = {}
    results["cache_counters"] = counters
    try:
        cold_rounds(ctx, args.runs, samples, counters, sizes, facts)
        check_corpus_untouched(ctx)
        results["warm_cache_counters"] = warm_rounds(ctx, args.runs, samples,
                                                     counters)
        if not args.no_large:
            large_inputs(ctx, args, samples, counters, results)
    finally:
        results["times"] = report.summarize(samples)
        results["sizes"] = report.size_check(sizes)
        if binary_identity(path) != identity:
            note = ("%s changed during the run (rebuilt?): the figures may "
                    "come from two different builds" % path)
            say("NOTE: " + note)
            results["notes"].append(note)


def print_results(results, quick):
    m = results["machine"]
    say("")
    say("machine: %s cores (%s usable), %s, %s RAM; %s; %s" % (
        m["cpu_count"], m["cpus_usable"], m["cpu_model"], m["mem_total"],
        m["os"], m["python_package"]))
    say("load average at start %.2f, at end %.2f (shared machines add noise)"
        % (m["loadavg_start"][0], m["loadavg_end"][0]))
    times = results["times"]
    report.print_times(times, results.get("cache_counters", {}),
                       m["cpu_count"], say)
    report.print_breakdown(times, say)
    results["compile_phase"] = goals.print_compile_phase(times, say)
    goals.print_large(times, results.get("large_tree"),
                      results.get("big_file"), m["cpu_count"], say)
    results["ratios"] = goals.ratios(times, results.get("large_tree"),
                                     results.get("big_file"), quick,
                                     m["cpu_count"])
    goals.print_ratios(results["ratios"], say)
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
            print_results(results, args.quick)
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
