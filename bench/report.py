"""Machine description, medians and the printed tables of times and sizes.
The ratios and their goals are in goals.py."""

import os
import platform
import statistics
import subprocess

# The formats of the (d) and (e) rows: (format, row suffix).
FORMATS = [("tar.gz", "targz"), ("tar.zst", "tarzst"), ("zip", "zip"),
           ("wheel", "wheel"), ("dir", "dir"), ("tar", "tar")]

# (group title, [(key, label)]) of every timed row, in the order printed.
GROUPS = [
    ("CPython alone", [
        ("a_single", "(a) compile+marshal, 1 warm process"),
        ("a_per_core", "(a) CPU limit: the above / cores"),
        ("b_compileall", "(b) compileall -j0"),
        ("c_tar_step", "    tar | gzip -6 step of (c)"),
        ("c_compileall_tar", "(c) compileall -j0 + tar | gzip -6")]),
    ("(d) pycpack -j 0, cold: empty --cache-dir", [
        ("d_" + s, "(d) pycpack -> %s" % f) for f, s in FORMATS] + [
        ("d_multi", "(d) pycpack -> tar.gz + zip + dir, 1 build"),
        ("gzip_tar", "    gzip -6 -n of the (d) tar, alone")]),
    ("pycpack -j 0 --no-cache", [
        ("d_targz_nocache", "pycpack -> tar.gz"),
        ("d_tar_nocache", "pycpack -> tar, embedded CPython"),
        ("f_tar_foreign", "pycpack -> tar, target /usr/bin/python3")]),
    ("compile phase: pycpack -j 1 --no-cache -> tar", [
        ("k_tar_j1", "py+pyc-unchecked (compiles every source)"),
        ("k_pyonly_j1", "py-only, check_syntax false (compiles none)")]),
    ("(e) warm: 1 file touched, the cache of its (d) run", [
        ("e_" + s, "(e) pycpack -> %s" % f) for f, s in FORMATS]),
    ("large inputs, cold, one run each", [
        ("large_tree", "many-module tree -> tar.gz"),
        ("big_pycpack", "big file -> tar.gz + tar.zst + zip + dir"),
        ("big_cat", "    cat of the big file"),
        ("big_gzip", "    gzip -6 -n of the big file"),
        ("big_zstd", "    zstd -3 -T1 of the big file")]),
]
ROWS = [row for _, rows in GROUPS for row in rows]

SIZE_TOLERANCE = 1.03  # pycpack's tar.gz vs gzip -6 of the same tar


def first_line_with(path, prefix):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except OSError:
        return None


def _os_release():
    text = _read("/etc/os-release") or ""
    for line in text.splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip('"')
    return None


def _deb_version(package):
    try:
        p = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                           capture_output=True, text=True)
    except OSError:
        return None
    return p.stdout.strip() if p.returncode == 0 else None


def machine(facts):
    """The machine the figures come from."""
    mem = first_line_with("/proc/meminfo", "MemTotal")
    package = "libpython%d.%d" % (facts["major"], facts["minor"])
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu_model": first_line_with("/proc/cpuinfo", "model name"),
        "mem_total": mem,
        "os": _os_release(),
        "debian_version": _read("/etc/debian_version"),
        "kernel": platform.release(),
        "python": facts["full_version"].replace("\n", " "),
        "python_package": "%s %s" % (package, _deb_version(package)),
    }


def summarize(samples):
    """{key: [Sample]} -> {key: {"wall": [...], "cpu": [...], "rss_mb":
    [...], medians, "peak_rss_mb"}}. RSS in MB of 10^6 bytes."""
    out = {}
    for key, runs in samples.items():
        if not runs:
            continue
        walls = [s.wall for s in runs]
        cpus = [s.cpu for s in runs]
        rss = [s.rss_kb * 1024 / 1e6 for s in runs if s.rss_kb is not None]
        out[key] = {"wall": walls, "cpu": cpus, "rss_mb": rss,
                    "median_wall": statistics.median(walls),
                    "median_cpu": statistics.median(cpus),
                    "peak_rss_mb": max(rss) if rss else None}
    return out


def _cache_cell(counters):
    """"hits/misses" of a pycpack run's cache counters, "off" without a
    cache, "" for other programs (counters None)."""
    if counters is None:
        return ""
    if "cache.hits" not in counters:
        return "off"
    return "%s/%s" % (counters["cache.hits"], counters.get("cache.misses"))


def print_times(medians, counters, ncpu, out):
    """The timed rows by group. |counters| maps a row to the cache counters
    of its pycpack runs (the last run's are shown)."""
    out("")
    out("%-46s %7s %7s %7s %7s %11s   %s" % (
        "median of runs", "wall s", "CPU s", "CPU/(a)", "RSS MB",
        "cache h/m", "wall of each run"))
    base = medians.get("a_single", {}).get("median_cpu")
    for title, rows in GROUPS:
        if not any(k in medians for k, _ in rows):
            continue
        out("-- " + title)
        for key, label in rows:
            m = medians.get(key)
            if m is None:
                out("%-46s %7s" % (label, "-"))
                continue
            cpu = rel = rss = ""
            if key != "a_per_core":
                cpu = "%.2f" % m["median_cpu"]
                rel = "%.2f" % (m["median_cpu"] / base) if base else ""
            if m["peak_rss_mb"] is not None:
                rss = "%.0f" % m["peak_rss_mb"]
            runs = counters.get(key)
            cache = _cache_cell(runs[-1] if runs else None)
            each = " ".join("%.2f" % w for w in m["wall"])
            out("%-46s %7.2f %7s %7s %7s %11s   %s" % (
                label, m["median_wall"], cpu, rel, rss, cache, each))
    out("(cores: %d; CPU = user+sys of every process of the run; CPU/(a) ="
        " CPU work relative to the bare compile+marshal; RSS = peak resident"
        " set of the largest single process of the run, over all runs; "
        "cache h/m = pycpack's cache hits/misses in the last run)" % ncpu)


def size_check(sizes):
    """Adds the size ratios to |sizes| and returns it."""
    gz, same = sizes.get("pycpack_tar_gz"), sizes.get("gzip6_of_pycpack_tar")
    if gz and same:
        sizes["pycpack_gz_vs_gzip6_same_tar"] = gz / same
        sizes["size_target_met"] = gz <= same * SIZE_TOLERANCE
    if gz and sizes.get("compileall_tar_gz"):
        sizes["pycpack_gz_vs_compileall_gz"] = gz / sizes["compileall_tar_gz"]
    return sizes


def print_sizes(sizes, out):
    out("")
    out("%-46s %12s" % ("compressed size", "bytes"))
    for key, label in [
            ("compileall_tar_gz", "(c) tar | gzip -6 of the compileall tree"),
            ("pycpack_tar", "pycpack tar (uncompressed)"),
            ("gzip6_of_pycpack_tar", "gzip -6 -n of pycpack's tar"),
            ("pycpack_tar_gz", "pycpack tar.gz"),
            ("pycpack_tar_zst", "pycpack tar.zst"),
            ("pycpack_zip", "pycpack zip"),
            ("pycpack_wheel", "pycpack wheel")]:
        if key in sizes:
            out("%-46s %12d" % (label, sizes[key]))
    if "pycpack_gz_vs_gzip6_same_tar" in sizes:
        out("pycpack tar.gz / gzip -6 of the same tar: %.4f  (target <= %.2f:"
            " %s)" % (sizes["pycpack_gz_vs_gzip6_same_tar"], SIZE_TOLERANCE,
                      "met" if sizes["size_target_met"] else "NOT met"))
    if "pycpack_gz_vs_compileall_gz" in sizes:
        out("pycpack tar.gz / (c) tar.gz: %.4f  (different pyc bytes and "
            "co_filename, same files)" % sizes["pycpack_gz_vs_compileall_gz"])


def print_breakdown(medians, out):
    """How much of (d tar.gz) is compression, from the breakdown rows."""
    need = ("d_targz", "d_tar", "gzip_tar")
    if not all(k in medians for k in need):
        return
    gz, tar, alone = (medians[k]["median_wall"] for k in need)
    out("")
    out("breakdown: (d tar.gz) - (pycpack tar) = %.2f s wall spent on "
        "compression (%.0f%% of (d tar.gz)); gzip -6 of the same tar alone: "
        "%.2f s" % (gz - tar, 100 * (gz - tar) / gz, alone))
