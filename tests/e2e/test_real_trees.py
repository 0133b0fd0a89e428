"""Real installed trees: the pure-Python distributions of Debian's
/usr/lib/python3/dist-packages, copied as a `pip install --target` tree,
built as a pyc-only Lambda layer and as a py+pyc-checked container layer.
Every top-level module that imports from the copied sources must import
from each unpacked, read-only artifact with its code from pycs, and every
distribution's RECORD must describe exactly the files the artifact holds of
it (read back with importlib.metadata).

Nothing suitable on the machine: the tests skip, naming the reason; under
CI=true they fail. PYCPACK_REAL_SITE=DIR takes the distributions from DIR
instead."""

import base64
import collections
import csv
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
import unittest

import e2e_util as u

# The installed tree to take distributions from; PYCPACK_REAL_SITE names
# another (a venv's site-packages, say).
DIST_PACKAGES = os.environ.get("PYCPACK_REAL_SITE",
                               "/usr/lib/python3/dist-packages")
# The distributions taken: the pure-Python ones found, sorted by name, at
# most this many (a bound on the run time).
MAX_DISTS = 24
BINARY_SUFFIXES = (".so", ".pyd", ".dll", ".dylib", ".a", ".o")
# The site-packages directory of a container image's CPython.
OCI_PREFIX = "usr/local/lib/python%d.%d/site-packages/" % sys.version_info[:2]
IMPORT_TIMEOUT = 60

Dist = collections.namedtuple(
    "Dist", "name version dist_info has_record files tops source_bytes")


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def is_binary(rel):
    base = rel.rsplit("/", 1)[-1]
    return base.endswith(BINARY_SUFFIXES) or ".so." in base


def metadata_name_version(dist_info_dir):
    """(Name, Version) from a .dist-info's METADATA, or None."""
    try:
        dist = importlib.metadata.Distribution.at(dist_info_dir)
        name, version = dist.metadata["Name"], dist.version
    except Exception:  # noqa: BLE001 - unreadable metadata: not suitable
        return None
    return (name, version) if name and version else None


def record_paths(text):
    return [row[0] for row in csv.reader(text.splitlines()) if row]


def walk_files(site, top):
    """Relative paths of the files of top-level entry |top| of |site|
    (no __pycache__, no *.pyc)."""
    path = os.path.join(site, top)
    if os.path.isfile(path):
        return [top]
    found = []
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if not name.endswith((".pyc", ".pyo")):
                found.append(os.path.relpath(os.path.join(dirpath, name), site))
    return found


def installed_files(site, dist_info):
    """(files relative to |site|, has RECORD, note) of the distribution
    whose metadata is |site|/|dist_info|, without its .dist-info: the files
    its RECORD lists that exist below |site| (rows outside it, such as
    ../../bin/x, and pycs are what a --target tree leaves out or pycpack
    ignores), or, without a RECORD (pycpack then writes none either), the
    files below the names of its top_level.txt. None if neither exists."""
    info = os.path.join(site, dist_info)
    record = os.path.join(info, "RECORD")
    if os.path.isfile(record):
        with open(record, encoding="utf-8") as f:
            listed = record_paths(f.read())
        files, absent = [], 0
        for rel in listed:
            parts = rel.split("/")
            if (rel.startswith("/") or ".." in parts or parts[0] == dist_info
                    or "__pycache__" in parts or rel.endswith((".pyc", ".pyo"))):
                continue
            if os.path.isfile(os.path.join(site, rel)):
                files.append(rel)
            else:
                absent += 1
        note = "%d RECORD rows name files not installed" % absent if absent else ""
        return sorted(set(files)), True, note
    top_level = os.path.join(info, "top_level.txt")
    if not os.path.isfile(top_level):
        return None, False, "no RECORD and no top_level.txt"
    files = []
    with open(top_level, encoding="utf-8") as f:
        for name in f.read().split():
            for cand in (name, name + ".py"):
                if os.path.exists(os.path.join(site, cand)):
                    files += walk_files(site, cand)
    return sorted(set(files)), False, "no RECORD: files from top_level.txt"


def find_distributions(site, limit=MAX_DISTS):
    """(chosen [Dist], {dist_info: reason left out}) for |site|."""
    chosen, left_out, owner = [], {}, {}
    if not os.path.isdir(site):
        return chosen, {site: "not a directory"}
    candidates = []
    for entry in sorted(os.listdir(site)):
        if not entry.endswith(".dist-info"):
            continue
        info = os.path.join(site, entry)
        nv = metadata_name_version(info)
        if nv is None:
            left_out[entry] = "no readable Name/Version"
            continue
        files, has_record, note = installed_files(site, entry)
        if not files:
            left_out[entry] = note or "no installed files"
            continue
        binaries = [p for p in files if is_binary(p)]
        if binaries:
            left_out[entry] = "not pure Python (%s)" % binaries[0]
            continue
        tops = sorted({p.split("/")[0] for p in files})
        candidates.append((nv[0].lower(), entry, nv, files, has_record, tops))
    for key, entry, (name, version), files, has_record, tops in sorted(candidates):
        if len(chosen) >= limit:
            left_out[entry] = "over the cap of %d" % limit
            continue
        shared = [t for t in tops if t in owner]
        if shared:
            # A namespace shared with another distribution: files could not
            # be told apart by their top-level name.
            left_out[entry] = "shares %s with %s" % (shared[0], owner[shared[0]])
            continue
        for t in tops:
            owner[t] = name
        size = sum(os.path.getsize(os.path.join(site, p)) for p in files)
        chosen.append(Dist(name, version, entry, has_record, files, tops, size))
    return chosen, left_out


def copy_as_target_tree(site, dists, dest):
    """Copies each distribution's files and its whole .dist-info from
    |site| into |dest|, as `pip install --target dest` lays them out."""
    os.makedirs(dest)
    for d in dists:
        for rel in d.files:
            target = os.path.join(dest, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(site, rel), target)
            shutil.copymode(os.path.join(site, rel), target)
        shutil.copytree(os.path.join(site, d.dist_info),
                        os.path.join(dest, d.dist_info),
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def top_modules(dist):
    """Top-level module names of |dist|: packages (directories, namespace or
    not) and modules (X.py) whose names are identifiers."""
    names = set()
    for top in dist.tops:
        if top.endswith(".py"):
            top = top[:-3]
        elif not any(p.startswith(top + "/") for p in dist.files):
            continue  # a top-level data file
        if top.isidentifier():
            names.add(top)
    return sorted(names)


def isolated_python(args, pythonpath, cwd, timeout=IMPORT_TIMEOUT):
    """sys.executable -S -B |args|: no site-packages, only |pythonpath| and
    the standard library; no pycs written."""
    return subprocess.run(
        [sys.executable, "-S", "-B"] + list(args), cwd=cwd,
        env=u.python_env(pythonpath, {"PYTHONIOENCODING": "utf-8"}),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8",
        errors="replace", timeout=timeout)


# Imports one module, prints JSON: every module whose file lies below the
# import root (sys.argv[2]), with its file and loader.
IMPORT_ONE = r'''
import importlib, json, os, sys
name, root = sys.argv[1], os.path.join(sys.argv[2], "")
m = importlib.import_module(name)
mods = {}
for k, v in list(sys.modules.items()):
    spec = getattr(v, "__spec__", None)
    f = getattr(v, "__file__", None)
    paths = list(getattr(v, "__path__", []) or [])
    if (f and f.startswith(root)) or (not f and any(p.startswith(root) for p in paths)):
        mods[k] = {"file": f, "loader": type(spec.loader).__name__ if spec and spec.loader else None}
print(json.dumps({"module": name, "file": getattr(m, "__file__", None),
                  "path": list(getattr(m, "__path__", []) or []), "below": mods}))
'''


def import_one(name, root, cwd, verbose=False):
    """Imports |name| from import root |root| in a fresh isolated process.
    Returns (result dict or None, error text, code object paths)."""
    args = (["-v"] if verbose else []) + ["-c", IMPORT_ONE, name, root]
    try:
        proc = isolated_python(args, root, cwd)
    except subprocess.TimeoutExpired:
        return None, "timed out after %d s" % IMPORT_TIMEOUT, set()
    if proc.returncode != 0:
        lines = [l for l in proc.stderr.splitlines()
                 if l and not l.startswith(("#", "import ", "  "))]
        return None, (lines[-1] if lines else "exit %d" % proc.returncode), set()
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return result, "", u.code_object_sources(proc.stderr) if verbose else set()


def record_hash_of(path):
    with open(path, "rb") as f:
        data = f.read()
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest())
    return digest.rstrip(b"=").decode(), len(data)


def human(n):
    return "%.1f MB" % (n / 1e6) if n >= 1e6 else "%.1f kB" % (n / 1e3)


class RealTreesTest(u.WorkspaceTestCase):
    """Debian's pure-Python distributions as a Lambda layer (pyc-only) and
    an OCI layer (py+pyc-checked)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.started = time.monotonic()
        cls.reason = None
        cls.dists, left_out = find_distributions(DIST_PACKAGES)
        if not cls.dists:
            cls.reason = "no pure-Python *.dist-info distribution in %s (%s)" % (
                DIST_PACKAGES, "; ".join("%s: %s" % kv for kv in
                                         sorted(left_out.items())) or "none")
            return
        cls.tree = cls.ws.join("site")
        copy_as_target_tree(DIST_PACKAGES, cls.dists, cls.tree)
        cls.tree_files = u.source_files(cls.tree)
        log("\nreal trees: %d distributions from %s (%d left out)" % (
            len(cls.dists), DIST_PACKAGES, len(left_out)))
        for entry, why in sorted(left_out.items()):
            log("  left out %-40s %s" % (entry, why))
        # Which top-level modules import from the copied sources alone.
        cls.modules, cls.not_importable = {}, {}
        neutral = cls.ws.join("cwd")
        os.makedirs(neutral)
        for d in cls.dists:
            py = sum(p.endswith(".py") for p in d.files)
            log("  %-22s %-10s %4d files (%3d .py) %9s%s  modules: %s" % (
                d.name, d.version, len(d.files), py, human(d.source_bytes),
                "" if d.has_record else " (no RECORD)",
                ", ".join(top_modules(d)) or "-"))
            for name in top_modules(d):
                result, error, _ = import_one(name, cls.tree, neutral)
                below = os.path.join(cls.tree, "")
                if result is None:
                    cls.not_importable[name] = error
                elif not ((result["file"] or "").startswith(below) or
                          any(p.startswith(below) for p in result["path"])):
                    cls.not_importable[name] = "imported from %s" % (
                        result["file"] or result["path"])
                else:
                    cls.modules[name] = d
        log("  importable from the sources: %d of %d top-level modules" % (
            len(cls.modules), len(cls.modules) + len(cls.not_importable)))
        for name, why in sorted(cls.not_importable.items()):
            log("    not importable from the sources alone: %s: %s" % (name, why))
        if not cls.modules:
            cls.reason = "no top-level module of %d distributions imports " \
                         "from the copied tree" % len(cls.dists)
            return
        libs = [{"name": "site_pyc", "root": cls.tree, "mode": "pyc-only"},
                {"name": "site_checked", "root": cls.tree,
                 "mode": "py+pyc-checked"}]
        outputs = [{"path": "dist/layer.zip", "format": "lambda-layer",
                    "libraries": ["site_pyc"]},
                   {"path": "dist/layer.tar.gz", "format": "oci-layer",
                    "libraries": ["site_checked"], "prefix": OCI_PREFIX}]
        path = cls.ws.write_manifest(u.manifest(libs, outputs), "real.json")
        t0 = time.monotonic()
        cls.proc = cls.ws.run(["build", path, "--json", "--no-cache"],
                              timeout=300)
        cls.build_seconds = time.monotonic() - t0
        cls.report = (json.loads(cls.proc.stdout)
                      if cls.proc.returncode == 0 else None)
        cls.roots = {}
        if cls.report:
            s = cls.report["summary"]
            log("  pycpack build: %.1f s, %s" % (cls.build_seconds, ", ".join(
                "%s %s" % (k, v) for k, v in sorted(s.items())
                if isinstance(v, (int, float)))))
            for warning in cls.report.get("warnings", []):
                log("  pycpack warning: " + warning)
            cls.roots["lambda"] = os.path.join(cls.ws.unpacked_read_only(
                cls.ws.join("dist", "layer.zip"), "zip", "lambda"), "python")
            cls.roots["oci"] = os.path.join(cls.ws.unpacked_read_only(
                cls.ws.join("dist", "layer.tar.gz"), "tar.gz", "oci"),
                *OCI_PREFIX.strip("/").split("/"))
            for key, name in (("lambda", "layer.zip"), ("oci", "layer.tar.gz")):
                files = u.files_of(cls.roots[key])
                log("  %-13s %9s, %4d files (%d .py, %d .pyc), %s unpacked" % (
                    name, human(os.path.getsize(cls.ws.join("dist", name))),
                    len(files), sum(p.endswith(".py") for p in files),
                    sum(p.endswith(".pyc") for p in files),
                    human(sum(len(v[2]) for v in files.values()))))

    @classmethod
    def tearDownClass(cls):
        log("real trees: %.1f s in all" % (time.monotonic() - cls.started))
        super().tearDownClass()

    def setUp(self):
        if self.reason:
            if u.pythons.in_ci():
                self.fail(self.reason + " (CI=true requires a real tree)")
            self.skipTest(self.reason)
        self.assertEqual(self.proc.returncode, 0, u.describe(self.proc))

    # ------------------------------------------------------------ layout

    def check_layout(self, root, mode):
        """The artifact holds the tree as |mode| lays it out: every file
        that is not a RECORD byte for byte, pycs for every source."""
        files = u.files_of(root)
        expected = u.expected_files([self.tree], mode)
        self.assertEqual(sorted(files), sorted(expected))
        records = {d.dist_info + "/RECORD" for d in self.dists}
        for rel, (src, kind, _) in sorted(expected.items()):
            if kind == "copy" and rel not in records:
                with open(src, "rb") as f:
                    self.assertEqual(files[rel][2], f.read(), rel)

    def test_lambda_layer_layout(self):
        u.zipfile_test(self, self.ws.join("dist", "layer.zip"))
        root = self.roots["lambda"]
        self.assertEqual(os.path.basename(root), "python")
        self.assertEqual(os.listdir(os.path.dirname(root)), ["python"])
        self.check_layout(root, "pyc-only")

    def test_oci_layer_layout_and_digests(self):
        self.check_layout(self.roots["oci"], "py+pyc-checked")
        path = self.ws.join("dist", "layer.tar.gz")
        [out] = [o for o in self.report["outputs"] if o["path"] == path]
        self.assertEqual(out["digest"], "sha256:" + u.sha256_file(path))
        with u.open_tar(path, "tar.gz") as tf:
            names = tf.getnames()
        self.assertTrue(all(n.startswith(OCI_PREFIX.rstrip("/")) or
                            OCI_PREFIX.startswith(n + "/") for n in names))

    # ----------------------------------------------------------- imports

    def check_imports(self, root, mode):
        """Each module of self.modules imports from |root| in a fresh
        isolated `python -v`; every module loaded from below |root| has its
        code from a pyc, no source below |root| is compiled."""
        below = os.path.join(root, "")
        cwd = self.ws.join("cwd")
        failures, loaded_total = [], set()
        for name in sorted(self.modules):
            result, error, code_from = import_one(name, root, cwd, verbose=True)
            if result is None:
                failures.append("%s: %s" % (name, error))
                continue
            ours = {m: v for m, v in result["below"].items() if v["file"]}
            if name not in result["below"]:
                failures.append("%s: not imported from %s (%s)" % (
                    name, root, result["file"]))
            compiled = sorted(p for p in code_from
                              if p.startswith(below) and not p.endswith(".pyc"))
            if compiled:
                failures.append("%s: compiled from source: %s" % (
                    name, ", ".join(compiled[:5])))
            for mod, info in sorted(ours.items()):
                f = info["file"]
                if mode == "pyc-only":
                    pyc, loader = f, "SourcelessFileLoader"
                    ok = f.endswith(".pyc") and "/__pycache__/" not in f
                else:
                    pyc, loader = importlib.util.cache_from_source(f), "SourceFileLoader"
                    ok = f.endswith(".py")
                if not ok or info["loader"] != loader or pyc not in code_from:
                    failures.append("%s: %s from %s by %s, code from %s" % (
                        name, mod, f, info["loader"], "its pyc" if pyc in code_from
                        else "no pyc"))
                loaded_total.add(mod)
        log("\n  %s: %d top-level modules imported from %s, %d modules in all "
            "from pycs, %d failures" % (mode, len(self.modules), root,
                                       len(loaded_total), len(failures)))
        self.assertEqual(failures, [])
        self.assertGreaterEqual(len(loaded_total), len(self.modules))

    def test_lambda_layer_imports_from_pycs(self):
        self.check_imports(self.roots["lambda"], "pyc-only")

    def test_oci_layer_imports_from_pycs(self):
        self.check_imports(self.roots["oci"], "py+pyc-checked")

    # ------------------------------------------------------------ RECORD

    def owner_of(self, rel):
        """The Dist a file of an unpacked artifact belongs to, by its
        top-level name (pycs mapped back to their source)."""
        parts = rel.split("/")
        top = parts[0]
        if top == "__pycache__":
            top = parts[1].split(".")[0] + ".py"
        elif "/" not in rel and top.endswith(".pyc"):
            top = top[:-1]
        for d in self.dists:
            if top == d.dist_info or top in d.tops:
                return d
        return None

    def check_records(self, root):
        files = u.files_of(root)
        owned = collections.defaultdict(set)
        for rel in files:
            d = self.owner_of(rel)
            self.assertIsNotNone(d, rel + ": a file of no distribution")
            owned[d.dist_info].add(rel)
        dists = {d.metadata["Name"]: d for d in
                 importlib.metadata.distributions(path=[root])}
        self.assertEqual(sorted(dists), sorted(d.name for d in self.dists))
        rows_total = 0
        for d in self.dists:
            with self.subTest(distribution=d.name):
                dist = dists[d.name]
                self.assertEqual(dist.version, d.version)
                record = d.dist_info + "/RECORD"
                listed = dist.files
                if not d.has_record:
                    # pycpack rewrites RECORDs; it does not invent them.
                    self.assertNotIn(record, files)
                    self.assertIsNone(listed)
                    continue
                self.assertIsNotNone(listed, record + " missing")
                paths = [str(f) for f in listed]
                self.assertEqual(len(paths), len(set(paths)),
                                 record + ": rows listed twice")
                self.assertEqual(sorted(paths), sorted(owned[d.dist_info]),
                                 record + ": listed files")
                for f in listed:
                    rel = str(f)
                    if rel == record:
                        self.assertEqual((f.hash, f.size), (None, None), rel)
                        continue
                    path = str(f.locate())
                    self.assertTrue(os.path.isfile(path), path)
                    self.assertIsNotNone(f.hash, "%s: row of %s" % (record, rel))
                    self.assertEqual(f.hash.mode, "sha256", rel)
                    self.assertEqual((f.hash.value, f.size), record_hash_of(path),
                                     "%s: row of %s" % (record, rel))
                rows_total += len(paths)
        log("\n  RECORDs in %s: %d distributions (%d with a RECORD), %d rows, "
            "every file listed" % (root, len(self.dists), sum(
                d.has_record for d in self.dists), rows_total))

    def test_lambda_layer_records(self):
        self.check_records(self.roots["lambda"])

    def test_oci_layer_records(self):
        self.check_records(self.roots["oci"])


if __name__ == "__main__":
    unittest.main()
