#!/usr/bin/python3
"""Cold import: a real installed tree as a pyc-only and a source-only Lambda layer.

Run from the repository root:  /usr/bin/python3 bench/cold_import.py [options]
See docs/benchmarks.md ("Cold import of a real tree") for past results.

The tree: the pure-Python distributions of an installed site directory
(default Debian's /usr/lib/python3/dist-packages: those with a *.dist-info
whose installed files hold no extension module), copied as a `pip install
--target` tree lays them out. pycpack builds it twice, as a Lambda layer
(`"format": "lambda-layer"`) in mode pyc-only and in mode py-only; both
zips are unpacked and made read-only. The modules timed are the top-level
modules that import from the copied tree alone (`python -S`: no
site-packages, only the tree and the standard library).

Each run starts fresh `python -S -B` processes (root may write into
read-only directories; -B keeps the source layer from caching pycs, so
every run compiles it again, as a read-only deployment does):
  - "all": one process that imports every module, as a handler would;
  - one process per module.
Times are taken inside the child (time.perf_counter() around the imports)
and around the child (wall time of the process, start-up included). Runs
alternate which layer goes first; one untimed warm-up run fills the page
cache, so "cold" means a new interpreter, not an empty page cache.

Only public tools: the pycpack binary's `build` command, the interpreter,
zipfile. Everything goes to one temporary directory, removed at the end
unless --keep.
"""

import sys

# The imports below must not leave a bench/__pycache__ behind.
sys.dont_write_bytecode = True

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import stat  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PYTHON = "/usr/bin/python3"  # the interpreter pycpack embeds (Debian's)
SITE = "/usr/lib/python3/dist-packages"
BINARY_SUFFIXES = (".so", ".pyd", ".dll", ".dylib", ".a", ".o")
MODES = (("pyc", "pyc-only"), ("src", "py-only"))

# The child: imports the modules of argv[1], prints the seconds it took.
TIMED = ("import time\n"
         "t0 = time.perf_counter()\n"
         "import importlib, sys\n"
         "for n in sys.argv[1].split(','):\n"
         "    importlib.import_module(n)\n"
         "print(time.perf_counter() - t0)\n")

# The check: imports argv[1]'s modules, prints every module loaded from
# below argv[2] with its file and loader.
CHECK = r'''
import importlib, json, os, sys
root = os.path.join(sys.argv[2], "")
for n in sys.argv[1].split(","):
    importlib.import_module(n)
out = {}
for k, m in list(sys.modules.items()):
    f = getattr(m, "__file__", None)
    if f and f.startswith(root):
        out[k] = [f, type(m.__spec__.loader).__name__]
print(json.dumps(out))
'''


class BenchError(Exception):
    pass


def say(*args):
    print(*args, flush=True)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/cold_import.py",
                                description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=7,
                   help="timed runs (default 7; the table reports medians)")
    p.add_argument("--site", default=SITE, metavar="DIR",
                   help="the installed tree to take pure-Python "
                   "distributions from (default %s)" % SITE)
    p.add_argument("--max-dists", type=int, default=24, metavar="N",
                   help="at most N distributions, sorted by name (default 24)")
    p.add_argument("--python", default=PYTHON,
                   help="the interpreter to import with (default %s; it must "
                   "be the one pycpack embeds)" % PYTHON)
    p.add_argument("--pycpack", default=os.path.join(REPO, "build", "pycpack"),
                   metavar="PATH", help="the pycpack binary (default build/pycpack)")
    p.add_argument("--json", metavar="FILE", help="write every figure to FILE")
    p.add_argument("--keep", action="store_true",
                   help="keep the temporary directory")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")
    return args


# ----------------------------------------------------------------- the tree

def record_paths(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [row[0] for row in csv.reader(f) if row]


def pure_distributions(site, limit):
    """[(dist-info name, [files relative to |site|])] of the pure-Python
    distributions of |site| with a RECORD, sorted, at most |limit|; files
    are those RECORD lists that exist below |site|, except pycs."""
    found, owner = [], {}
    for entry in sorted(os.listdir(site), key=str.lower):
        record = os.path.join(site, entry, "RECORD")
        if not entry.endswith(".dist-info") or not os.path.isfile(record):
            continue
        files = []
        for rel in record_paths(record):
            parts = rel.split("/")
            if (rel.startswith("/") or ".." in parts or parts[0] == entry
                    or "__pycache__" in parts or rel.endswith((".pyc", ".pyo"))):
                continue
            if os.path.isfile(os.path.join(site, rel)):
                files.append(rel)
        base = lambda p: p.rsplit("/", 1)[-1]  # noqa: E731
        if not files or any(base(p).endswith(BINARY_SUFFIXES) or
                            ".so." in base(p) for p in files):
            continue
        tops = {p.split("/")[0] for p in files}
        if tops & set(owner) or len(found) >= limit:
            continue
        owner.update((t, entry) for t in tops)
        found.append((entry, sorted(set(files))))
    return found


def copy_tree(site, dists, dest):
    for entry, files in dists:
        for rel in files:
            target = os.path.join(dest, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(site, rel), target)
        shutil.copytree(os.path.join(site, entry), os.path.join(dest, entry),
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def top_modules(dists):
    names = set()
    for _, files in dists:
        for rel in files:
            top = rel.split("/")[0]
            if "/" in rel or top.endswith(".py"):
                name = top[:-3] if "/" not in rel else top
                if name.isidentifier():
                    names.add(name)
    return sorted(names)


def child_env(pythonpath):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(PYTHONPATH=pythonpath, PYTHONDONTWRITEBYTECODE="1",
               PYTHONIOENCODING="utf-8")
    return env


def run_child(python, args, root, cwd, timeout=120):
    return subprocess.run([python, "-S", "-B"] + list(args), cwd=cwd,
                          env=child_env(root), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, encoding="utf-8",
                          errors="replace", timeout=timeout)


def importable(python, modules, root, cwd):
    """The modules of |modules| that import from |root| alone, each in a
    process of its own; and {module: why not} for the others."""
    ok, not_ok = [], {}
    below = os.path.join(root, "")
    for name in modules:
        code = ("import importlib, sys; m = importlib.import_module(sys.argv[1]); "
                "print(getattr(m, '__file__', None) or list(m.__path__)[0])")
        try:
            proc = run_child(python, ["-c", code, name], root, cwd, timeout=60)
        except subprocess.TimeoutExpired:
            not_ok[name] = "timed out"
            continue
        where = proc.stdout.strip()
        if proc.returncode != 0:
            lines = proc.stderr.strip().splitlines()
            not_ok[name] = lines[-1] if lines else "exit %d" % proc.returncode
        elif not where.startswith(below):
            not_ok[name] = "imported from " + where
        else:
            ok.append(name)
    return ok, not_ok


# ---------------------------------------------------------------- the layers

def build_layers(pycpack, tree, work):
    libs = [{"name": "site_" + key, "root": tree, "mode": mode}
            for key, mode in MODES]
    outputs = [{"path": os.path.join(work, "dist", key + ".zip"),
                "format": "lambda-layer", "libraries": ["site_" + key]}
               for key, _ in MODES]
    manifest = os.path.join(work, "manifest.json")
    with open(manifest, "w") as f:
        json.dump({"manifest_version": 1, "libraries": libs,
                   "outputs": outputs}, f, indent=2)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    t0 = time.perf_counter()
    proc = subprocess.run([pycpack, "build", manifest, "--json", "--no-cache"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          encoding="utf-8", env=env, timeout=600)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise BenchError("pycpack build failed (exit %d):\n%s" % (
            proc.returncode, proc.stderr[-3000:]))
    return json.loads(proc.stdout), seconds


def unpack_read_only(zip_path, dest):
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(dest)
    for dirpath, dirnames, filenames in os.walk(dest, topdown=False):
        for name in filenames + dirnames:
            path = os.path.join(dirpath, name)
            os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) & ~0o222)
    os.chmod(dest, stat.S_IMODE(os.stat(dest).st_mode) & ~0o222)
    return os.path.join(dest, "python")


def make_writable(root):
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)
    if os.path.exists(root):
        os.chmod(root, os.stat(root).st_mode | stat.S_IWUSR)


def tree_stats(root):
    files = sizes = py = pyc = 0
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            files += 1
            sizes += os.path.getsize(os.path.join(dirpath, name))
            py += name.endswith(".py")
            pyc += name.endswith(".pyc")
    return {"files": files, "bytes": sizes, "py": py, "pyc": pyc}


def check_layer(python, key, root, modules, cwd):
    """Every module loaded from below |root| comes from a sourceless pyc
    (pyc) or is compiled from its source (src); returns how many."""
    proc = run_child(python, ["-v", "-c", CHECK, ",".join(modules), root],
                     root, cwd)
    if proc.returncode != 0:
        raise BenchError("import from the %s layer failed:\n%s" % (
            key, proc.stderr[-3000:]))
    loaded = json.loads(proc.stdout)
    code_from = set(re.findall(r"^# code object from '?(.*?)'?$",
                               proc.stderr, re.M))
    want = {"pyc": ("SourcelessFileLoader", ".pyc"),
            "src": ("SourceFileLoader", ".py")}[key]
    wrong = [k for k, (f, loader) in loaded.items()
             if loader != want[0] or not f.endswith(want[1]) or f not in code_from]
    if wrong:
        raise BenchError("%s layer: not loaded as expected: %s" % (
            key, ", ".join(sorted(wrong)[:10])))
    return len(loaded)


# -------------------------------------------------------------------- timing

def timed(python, modules, root, cwd):
    """(seconds inside the child, wall seconds of the child)."""
    t0 = time.perf_counter()
    proc = run_child(python, ["-c", TIMED, ",".join(modules)], root, cwd)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise BenchError("timed import failed:\n" + proc.stderr[-3000:])
    return float(proc.stdout.strip()), wall


def one_round(python, modules, roots, cwd, order):
    """{key: {"all": (in, wall), "startup": wall, module: (in, wall)}}."""
    out = {key: {} for key in roots}
    for key in order:
        t0 = time.perf_counter()
        run_child(python, ["-c", "pass"], roots[key], cwd)
        out[key]["startup"] = time.perf_counter() - t0
        out[key]["all"] = timed(python, modules, roots[key], cwd)
        for name in modules:
            out[key][name] = timed(python, [name], roots[key], cwd)
    return out


def ms(x):
    return "%.1f" % (1000 * x)


def main(argv):
    args = parse_args(argv)
    pycpack = os.path.abspath(args.pycpack)
    if not os.access(pycpack, os.X_OK):
        raise BenchError("no pycpack binary at %s (--pycpack PATH)" % pycpack)
    if not os.path.isdir(args.site):
        raise BenchError("no installed tree at %s (--site DIR)" % args.site)
    version = subprocess.run([args.python, "-c", "import sys; print(sys.version.split()[0], sys.implementation.cache_tag)"],
                             stdout=subprocess.PIPE, encoding="utf-8",
                             check=True).stdout.split()
    load_start = os.getloadavg()
    work = tempfile.mkdtemp(prefix="pycpack-cold-import-")
    try:
        return run(args, pycpack, version, load_start, work)
    finally:
        if args.keep:
            say("kept " + work)
        else:
            make_writable(work)
            shutil.rmtree(work, ignore_errors=True)


def run(args, pycpack, version, load_start, work):
    results = {"machine": {"cpus": os.cpu_count(), "loadavg_start": load_start,
                           "python": version[0], "cache_tag": version[1],
                           "platform": platform.platform()},
               "runs": args.runs}
    dists = pure_distributions(args.site, args.max_dists)
    if not dists:
        raise BenchError("no pure-Python distribution with a RECORD in "
                         + args.site)
    tree = os.path.join(work, "site")
    copy_tree(args.site, dists, tree)
    cwd = os.path.join(work, "cwd")
    os.makedirs(cwd)
    modules, not_importable = importable(args.python, top_modules(dists),
                                         tree, cwd)
    if not modules:
        raise BenchError("no top-level module imports from the copied tree")
    src_stats = tree_stats(tree)
    say("tree: %d distributions from %s, %d files (%d .py), %.1f MB"
        % (len(dists), args.site, src_stats["files"], src_stats["py"],
           src_stats["bytes"] / 1e6))
    say("  " + ", ".join(e[:-len(".dist-info")] for e, _ in dists))
    say("modules timed (%d): %s" % (len(modules), ", ".join(modules)))
    for name, why in sorted(not_importable.items()):
        say("  left out %s: %s" % (name, why))

    report, build_s = build_layers(pycpack, tree, work)
    say("pycpack build (both layers, --no-cache): %.2f s" % build_s)
    roots, layers = {}, {}
    for key, mode in MODES:
        zip_path = os.path.join(work, "dist", key + ".zip")
        roots[key] = unpack_read_only(zip_path, os.path.join(work, "ro", key))
        layers[key] = dict(tree_stats(roots[key]), mode=mode,
                           zip_bytes=os.path.getsize(zip_path))
        layers[key]["modules_loaded"] = check_layer(
            args.python, key, roots[key], modules, cwd)
        say("  %s layer (%s): zip %.2f MB, %d files (%d .py, %d .pyc), "
            "%.1f MB unpacked; importing all loads %d modules from it"
            % (key, mode, layers[key]["zip_bytes"] / 1e6, layers[key]["files"],
               layers[key]["py"], layers[key]["pyc"],
               layers[key]["bytes"] / 1e6, layers[key]["modules_loaded"]))
    results.update(tree=dict(src_stats, distributions=[e for e, _ in dists],
                             site=args.site),
                   modules=modules, not_importable=not_importable,
                   layers=layers, build_seconds=build_s,
                   pycpack_summary=report.get("summary"))

    one_round(args.python, modules, roots, cwd, ["pyc", "src"])  # warm-up
    rounds = []
    for i in range(args.runs):
        order = ["pyc", "src"] if i % 2 == 0 else ["src", "pyc"]
        rounds.append(one_round(args.python, modules, roots, cwd, order))
        say("  run %d: all modules, in the child: pyc %s ms, src %s ms"
            % (i + 1, ms(rounds[-1]["pyc"]["all"][0]),
               ms(rounds[-1]["src"]["all"][0])))
    for key in roots:
        if any("__pycache__" in d for d, _, _ in os.walk(roots[key])):
            raise BenchError("a __pycache__ appeared in the %s layer" % key)
    results["machine"]["loadavg_end"] = os.getloadavg()

    def median(key, what, index):
        return statistics.median(
            r[key][what] if index is None else r[key][what][index]
            for r in rounds)

    rows = [("interpreter start-up (-c pass), wall", "startup", None),
            ("import all, in the child", "all", 0),
            ("import all, process wall", "all", 1)]
    rows += [("import %s, in the child" % n, n, 0) for n in modules]
    table = []
    say("\n%-44s %10s %10s %8s" % ("median of %d runs" % args.runs,
                                   "pyc ms", "src ms", "src/pyc"))
    for label, what, index in rows:
        p, s = median("pyc", what, index), median("src", what, index)
        table.append({"what": label, "pyc": p, "src": s, "ratio": s / p})
        say("%-44s %10s %10s %8.2f" % (label, ms(p), ms(s), s / p))
    per_module = [t for t in table if t["what"].startswith("import ")
                  and t["what"] != "import all, in the child"
                  and t["what"] != "import all, process wall"]
    sum_p = sum(t["pyc"] for t in per_module)
    sum_s = sum(t["src"] for t in per_module)
    say("%-44s %10s %10s %8.2f" % ("sum of the per-module medians",
                                   ms(sum_p), ms(sum_s), sum_s / sum_p))
    results.update(table=table, rounds=rounds)
    m = results["machine"]
    say("\n%d CPUs, load average %.2f at the start, %.2f at the end; %s %s"
        % (m["cpus"], m["loadavg_start"][0], m["loadavg_end"][0],
           args.python, m["python"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as e:
        print("cold_import.py: " + str(e), file=sys.stderr)
        sys.exit(1)
