"""The speed and memory goals: each a ratio (or a figure) with its target.

ratios() turns the summarized rows (report.summarize) and the large-input
results into a list of dicts {group, name, value, target, kind, unit, met,
judged, note}: kind "max" means value <= target, "min" value >= target,
None an informative figure without a target. met is None when the value
could not be measured or the goal is not judged (a --quick run).
"""

import os
import statistics

from report import FORMATS

# (goal, target) of the figures below.
COLD_PER_CORE = 1.10       # (d fmt) / (a per core)
COLD_C_OVER_D = 1.8        # (c) / (d tar.gz)
COLD_WITH_GZIP = 1.05      # (d tar.gz) / (((a) + gzip -6 CPU) / cores)
COLD_MULTI = 1.2           # tar.gz + zip + dir in one build / tar.gz alone
COMPILE_CPU = 1.3          # compile phase CPU / (a) CPU
WARM = 0.05                # (e fmt) / (d fmt)
CACHE_FILL = 1.05          # empty cache / --no-cache
FOREIGN = 1.1              # foreign /usr/bin/python3 / embedded
LARGE_TREE_RSS_MB = 200
BIG_FILE_RSS_MB = 300

GROUP_TITLES = {
    1: "1. cold builds (empty --cache-dir), wall",
    2: "2. compile phase, CPU",
    3: "3. warm rebuild, 1 file touched, wall",
    4: "4. cold cache, wall",
    5: "5. foreign target, wall",
    6: "6. many-module tree",
    7: "7. big file",
}


def _goal(group, name, value, target=None, kind=None, unit="x",
          judged=True, note=""):
    met = None
    if value is not None and judged and kind == "max":
        met = value <= target
    elif value is not None and judged and kind == "min":
        met = value >= target
    return {"group": group, "name": name, "value": value, "target": target,
            "kind": kind, "unit": unit, "met": met, "judged": judged,
            "note": note}


def _wall(m, key):
    return m[key]["median_wall"] if key in m else None


def _div(a, b):
    return a / b if a is not None and b else None


def _cold(m, ncpu):
    per_core = _wall(m, "a_per_core")
    out = [_goal(1, "(c) / (d tar.gz)", _div(_wall(m, "c_compileall_tar"),
                                             _wall(m, "d_targz")),
                 COLD_C_OVER_D, "min")]
    for fmt in ("tar.zst", "zip", "wheel", "dir"):
        key = "d_" + dict(FORMATS)[fmt]
        out.append(_goal(1, "(d %s) / (a per core)" % fmt,
                         _div(_wall(m, key), per_core), COLD_PER_CORE, "max"))
    limit = None
    if "a_single" in m and "gzip_tar" in m:
        limit = (m["a_single"]["median_cpu"] +
                 m["gzip_tar"]["median_cpu"]) / ncpu
    out.append(_goal(1, "(d tar.gz) / (((a) + gzip -6 CPU) / cores)",
                     _div(_wall(m, "d_targz"), limit), COLD_WITH_GZIP, "max"))
    out.append(_goal(1, "(d tar.gz + zip + dir, 1 build) / (d tar.gz)",
                     _div(_wall(m, "d_multi"), _wall(m, "d_targz")),
                     COLD_MULTI, "max"))
    for fmt in ("tar.gz", "tar"):
        key = "d_" + dict(FORMATS)[fmt]
        out.append(_goal(1, "(d %s) / (a per core)" % fmt,
                         _div(_wall(m, key), per_core)))
    return out


def compile_phase(m):
    """CPU of the compile phase: per round, the -j 1 --no-cache tar build
    minus the py-only one (same reads and writes, no compiling); the median
    of those differences. Returns (seconds or None, raw figures)."""
    if not all(k in m for k in ("k_tar_j1", "k_pyonly_j1", "a_single")):
        return None, {}
    diffs = [a - b for a, b in zip(m["k_tar_j1"]["cpu"],
                                   m["k_pyonly_j1"]["cpu"])]
    raw = {"compile_build_cpu": m["k_tar_j1"]["median_cpu"],
           "copy_build_cpu": m["k_pyonly_j1"]["median_cpu"],
           "compile_phase_cpu_each_run": diffs,
           "compile_phase_cpu": statistics.median(diffs),
           "a_cpu": m["a_single"]["median_cpu"]}
    return raw["compile_phase_cpu"], raw


def _compile(m):
    cpu, raw = compile_phase(m)
    return [_goal(2, "compile phase CPU / (a) CPU",
                  _div(cpu, raw.get("a_cpu")), COMPILE_CPU, "max")]


def _warm(m):
    return [_goal(3, "(e %s) / (d %s)" % (fmt, fmt),
                  _div(_wall(m, "e_" + s), _wall(m, "d_" + s)), WARM, "max")
            for fmt, s in FORMATS]


def _large(m, large, quick):
    if not large:
        return []
    judged = large["modules"] >= 100000 and not quick
    why = "" if judged else "not judged: %d modules" % large["modules"]
    return [_goal(6, "%d modules: peak RSS" % large["modules"],
                  m["large_tree"]["peak_rss_mb"], LARGE_TREE_RSS_MB, "max",
                  unit="MB", judged=judged, note=why),
            _goal(6, "%d modules: wall" % large["modules"],
                  _wall(m, "large_tree"), unit="s")]


def big_file_reference(m, ncpu):
    """(cat + gzip -6 + zstd -3 wall) / cores: reading the file once and
    compressing it once with each standard compressor, shared by the
    cores."""
    keys = ("big_cat", "big_gzip", "big_zstd")
    if not all(k in m for k in keys):
        return None
    return sum(_wall(m, k) for k in keys) / ncpu


def _big(m, big, quick, ncpu):
    if not big:
        return []
    mb = big["bytes"] / 1e6
    judged = big["bytes"] >= 1500 * 10 ** 6 and not quick
    why = "" if judged else "not judged: %.0f MB file" % mb
    return [_goal(7, "%.0f MB file: peak RSS" % mb,
                  m["big_pycpack"]["peak_rss_mb"], BIG_FILE_RSS_MB, "max",
                  unit="MB", judged=judged, note=why),
            _goal(7, "%.0f MB file: wall / ((cat + gzip + zstd) / cores)"
                  % mb, _div(_wall(m, "big_pycpack"),
                             big_file_reference(m, ncpu)),
                  note="< 1: faster than one read plus one gzip -6 and one "
                  "zstd -3 pass shared by the cores")]


def ratios(m, large=None, big=None, quick=False, ncpu=None):
    """Every goal, in group order (see the module doc)."""
    ncpu = ncpu or os.cpu_count() or 1
    return (_cold(m, ncpu) + _compile(m) + _warm(m) +
            [_goal(4, "(d tar.gz, empty cache) / (d tar.gz, --no-cache)",
                   _div(_wall(m, "d_targz"), _wall(m, "d_targz_nocache")),
                   CACHE_FILL, "max"),
             _goal(5, "(target /usr/bin/python3) / (embedded), tar",
                   _div(_wall(m, "f_tar_foreign"), _wall(m, "d_tar_nocache")),
                   FOREIGN, "max")] +
            _large(m, large, quick) + _big(m, big, quick, ncpu))


def _verdict(r):
    if r["kind"] is None:
        return ("(no target) " + r["note"]).rstrip()
    sign = ">=" if r["kind"] == "min" else "<="
    if r["met"] is None:
        word = r["note"] or "not measured"
    else:
        word = "met" if r["met"] else "NOT met"
    return "%s %g%s: %s" % (sign, r["target"],
                            "" if r["unit"] == "x" else " " + r["unit"],
                            word)


def print_ratios(rows, out):
    out("")
    out("%-52s %9s   %s" % ("goal (ratios of medians)", "value", "target"))
    group = None
    for r in rows:
        if r["group"] != group:
            group = r["group"]
            out("-- " + GROUP_TITLES[group])
        if r["value"] is None:
            value = "-"
        elif r["unit"] == "x":
            value = "%.2f" % r["value"]
        else:
            value = "%.1f %s" % (r["value"], r["unit"])
        out("%-52s %9s   %s" % (r["name"], value, _verdict(r)))
    judged = [r for r in rows if r["met"] is not None]
    out("goals met: %d of %d judged" % (sum(r["met"] for r in judged),
                                        len(judged)))


def print_compile_phase(m, out):
    """Prints the raw figures of goal 2; returns them (for --json)."""
    cpu, raw = compile_phase(m)
    if cpu is None:
        return raw
    out("")
    out("compile phase: pycpack -j 1 --no-cache -> tar %.2f s CPU, minus the "
        "same build of a py-only library (check_syntax false, nothing "
        "compiled) %.2f s = %.2f s of compiling (canonical form included); "
        "(a) compile()+marshal.dumps %.2f s" % (
            raw["compile_build_cpu"], raw["copy_build_cpu"], cpu,
            raw["a_cpu"]))
    return raw


def print_large(m, large, big, ncpu, out):
    """One paragraph per large input: what was built and what it means."""
    if large and "large_tree" in m:
        t = m["large_tree"]
        out("")
        out("many-module tree: %d modules, %.1f MB of source -> tar.gz of "
            "%.1f MB: %.2f s wall, %.2f s CPU, peak RSS %.0f MB (the largest "
            "single process: pycpack or one worker)" % (
                large["modules"], large["source_bytes"] / 1e6,
                large["artifact_bytes"] / 1e6, t["median_wall"],
                t["median_cpu"], t["peak_rss_mb"]))
    if big and "big_pycpack" in m:
        ref = big_file_reference(m, ncpu)
        t = m["big_pycpack"]
        out("")
        out("big file: %.0f MB of random bytes + %d modules -> tar.gz, "
            "tar.zst, zip, dir in one build: %.2f s wall, %.2f s CPU, peak "
            "RSS %.0f MB" % (big["bytes"] / 1e6, big.get("modules", 4),
                              t["median_wall"], t["median_cpu"],
                              t["peak_rss_mb"]))
        if ref:
            out("  reference: cat %.2f s + gzip -6 %.2f s + zstd -3 -T1 %.2f"
                " s = %.2f s on one core, / %d cores = %.2f s: what reading "
                "the file once and compressing it once per compressed format "
                "costs when the passes share the cores perfectly; pycpack "
                "also writes all four outputs" % (
                    _wall(m, "big_cat"), _wall(m, "big_gzip"),
                    _wall(m, "big_zstd"), ref * ncpu, ncpu, ref))
        out("  the zip %s the big file (compress_type %s)" % (
            "stored" if big["zip_stored"] else "compressed",
            "ZIP_STORED" if big["zip_stored"] else "not ZIP_STORED"))
