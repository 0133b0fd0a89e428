"""Machine description, medians, ratios and the printed tables."""

import os
import platform
import statistics
import subprocess

# (key, label) of every timed row, in the order printed.
ROWS = [
    ("a_single", "(a) compile+marshal, 1 warm process"),
    ("a_per_core", "(a) CPU limit: the above / cores"),
    ("b_compileall", "(b) compileall -j0"),
    ("c_tar_step", "    tar | gzip -6 step of (c)"),
    ("c_compileall_tar", "(c) compileall -j0 + tar | gzip -6"),
    ("d_targz", "(d) pycpack -> tar.gz, cold"),
    ("d_targz_nocache", "(d) pycpack -> tar.gz, --no-cache"),
    ("d_tarzst", "(d) pycpack -> tar.zst, cold"),
    ("d_tar", "    pycpack -> tar (no compression), cold"),
    ("gzip_tar", "    gzip -6 -n of that tar, alone"),
    ("e_warm", "(e) pycpack -> tar.gz, warm, 1 file touched"),
]

# (name, numerator, denominator, target, "min"|"max"|None)
RATIOS = [
    ("(d tar.gz) / (a per-core limit)", "d_targz", "a_per_core", None, None),
    ("(c) / (d tar.gz)", "c_compileall_tar", "d_targz", 1.8, "min"),
    ("(d tar.zst) / (a per-core limit)", "d_tarzst", "a_per_core", 1.1, "max"),
    ("(e) / (d tar.gz)", "e_warm", "d_targz", 0.10, "max"),
]

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
    """{key: [Sample]} -> {key: {"wall": [...], "cpu": [...], medians}}."""
    out = {}
    for key, runs in samples.items():
        if not runs:
            continue
        walls = [s.wall for s in runs]
        cpus = [s.cpu for s in runs]
        out[key] = {"wall": walls, "cpu": cpus,
                    "median_wall": statistics.median(walls),
                    "median_cpu": statistics.median(cpus)}
    return out


def ratios(medians):
    """Ratios of median wall times, with their targets."""
    out = []
    for name, num, den, target, kind in RATIOS:
        value = None
        if num in medians and den in medians and medians[den]["median_wall"]:
            value = medians[num]["median_wall"] / medians[den]["median_wall"]
        met = None
        if value is not None and kind == "min":
            met = value >= target
        elif value is not None and kind == "max":
            met = value <= target
        out.append({"name": name, "value": value, "target": target,
                    "kind": kind, "met": met})
    # The tar.gz target counts compression in the limit: the CPU of (a) plus
    # that of gzip -6 on the same tar, shared by the cores.
    needed = ("a_single", "gzip_tar", "d_targz")
    if all(k in medians for k in needed):
        limit = (medians["a_single"]["median_cpu"] +
                 medians["gzip_tar"]["median_cpu"]) / (os.cpu_count() or 1)
        value = medians["d_targz"]["median_wall"] / limit if limit else None
        out.append({"name": "(d tar.gz) / ((a) + gzip -6 CPU) per core",
                    "value": value, "target": 1.1, "kind": "max",
                    "met": None if value is None else value <= 1.1})
    return out


def _verdict(met, kind, target):
    if kind is None:
        return ""
    sign = ">=" if kind == "min" else "<="
    word = {True: "met", False: "NOT met", None: "not measured"}[met]
    return "target %s %.2f: %s" % (sign, target, word)


def print_times(medians, ncpu, out):
    out("")
    out("%-46s %8s %8s %7s   %s" % ("median of runs", "wall s", "CPU s",
                                    "CPU/(a)", "wall of each run"))
    base = medians.get("a_single", {}).get("median_cpu")
    for key, label in ROWS:
        m = medians.get(key)
        if m is None:
            out("%-46s %8s" % (label, "-"))
            continue
        cpu = rel = ""
        if key != "a_per_core":
            cpu = "%.2f" % m["median_cpu"]
            rel = "%.2f" % (m["median_cpu"] / base) if base else ""
        runs = " ".join("%.2f" % w for w in m["wall"])
        out("%-46s %8.2f %8s %7s   %s" % (label, m["median_wall"], cpu, rel,
                                          runs))
    out("(cores: %d; CPU = user+sys of every process of the run; CPU/(a) ="
        " CPU work relative to the bare compile+marshal)" % ncpu)


def print_ratios(rows, out):
    out("")
    out("%-44s %8s   %s" % ("ratio of median wall times", "value", ""))
    for r in rows:
        value = "-" if r["value"] is None else "%.2f" % r["value"]
        out("%-44s %8s   %s" % (r["name"], value,
                               _verdict(r["met"], r["kind"], r["target"])))


def size_check(sizes):
    """Adds the size ratios to |sizes| and returns the verdict line."""
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
            ("pycpack_tar_zst", "pycpack tar.zst")]:
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
