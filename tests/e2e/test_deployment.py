"""Deployment formats, checked by their real consumers: wheels (pip,
`python -m zipfile -t`, twine), wheels made from installed trees, Lambda
layers of pip-installed trees (importlib.metadata), OCI layers (diff_id and
digest) and variants of one manifest."""

import gzip
import hashlib
import importlib.util
import json
import os
import random
import re
import shutil
import sys
import unittest
import zipfile

import e2e_util as u

SRC = os.path.join(u.TESTDATA, "src")
SITE = os.path.join(u.TESTDATA, "site-packages")
PY_TAG = "cp%d%d" % sys.version_info[:2]
# The modules of testdata/src (u.MODULES also has testdata/vendor's).
SRC_MODULES = {m: f for m, f in u.MODULES.items() if not m.startswith("tinyjson")}
SRC_SOURCES = [p for p in u.source_files(SRC) if p.endswith(".py")]


def escaped(name):
    """A distribution name as wheel file names spell it."""
    return re.sub(r"[-_.]+", "_", name).lower()


def make_wheel(directory, dist, version, files, summary="A test package"):
    """Writes <dist>-<version>-py3-none-any.whl into |directory| as build
    tools do: |files| ({path: bytes}), then the .dist-info with METADATA,
    WHEEL (Tag: py3-none-any) and a correct RECORD. Returns its path."""
    dist_info = "%s-%s.dist-info" % (escaped(dist), version)
    members = dict(files)
    members[dist_info + "/METADATA"] = (
        "Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: %s\n"
        "Description-Content-Type: text/plain\n\n%s.\n"
        % (dist, version, summary, summary)).encode()
    members[dist_info + "/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: e2e-test\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n")
    record = dist_info + "/RECORD"
    members[record] = u.record_text(members, record).encode()
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "%s-%s-py3-none-any.whl"
                        % (escaped(dist), version))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(members, key=lambda p: (".dist-info/" in p, p)):
            zf.writestr(name, members[name])
    return path


def importlib_cached(path, level=0):
    """Where the import system looks for the pyc of source |path|."""
    return importlib.util.cache_from_source(
        path, optimization="" if level == 0 else level)


class DeploymentTestCase(u.WorkspaceTestCase):

    def build(self, manifest, name, extra_args=()):
        """Builds |manifest| (a dict) written as <name>.json, with --json
        and --no-cache; returns (report, CompletedProcess)."""
        path = self.ws.write_manifest(manifest, name + ".json")
        proc = self.ws.run(["build", path, "--json", "--no-cache"] +
                           list(extra_args))
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        return json.loads(proc.stdout), proc

    def install(self, wheels, name, compile_pycs=False):
        target = self.ws.join("installed", name)
        proc = u.pip_install(wheels, target, compile_pycs)
        self.assertEqual(proc.returncode, 0, "pip install:\n%s\n%s" % (
            proc.stdout[-3000:], proc.stderr[-3000:]))
        return target


# ----------------------------------------------- wheels from sources

class WheelFromSourcesTest(DeploymentTestCase):
    """testdata/src as wheels in three modes, installed with pip."""

    NAMES = {"pyc-only": "Shop.App", "py+pyc-checked": "shop-app_checked",
             "py-only": "Shop__App.Source"}
    VERSION = "1.2.0"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        libs = [{"name": "lib_" + re.sub(r"\W", "_", mode), "root": SRC,
                 "mode": mode} for mode in cls.NAMES]
        outputs = [{"path": "wheels/" + re.sub(r"\W", "_", mode),
                    "format": "wheel", "libraries": [lib["name"]],
                    "name": cls.NAMES[mode], "version": cls.VERSION,
                    "summary": "The shop (%s)" % mode,
                    "requires_python": ">=3.8"}
                   for mode, lib in zip(cls.NAMES, libs)]
        path = cls.ws.write_manifest(u.manifest(libs, outputs), "wheels.json")
        cls.proc = cls.ws.run(["build", path, "--json", "--no-cache"])
        cls.report = (json.loads(cls.proc.stdout)
                      if cls.proc.returncode == 0 else None)

    def wheel(self, mode):
        self.assertEqual(self.proc.returncode, 0, u.describe(self.proc))
        directory = self.ws.join("wheels", re.sub(r"\W", "_", mode))
        tag = PY_TAG if mode != "py-only" else "py3"
        name = "%s-%s-%s-none-any.whl" % (escaped(self.NAMES[mode]),
                                          self.VERSION, tag)
        self.assertEqual(os.listdir(directory), [name])
        path = os.path.join(directory, name)
        reported = [o for o in self.report["outputs"] if o["path"] == path]
        self.assertEqual(len(reported), 1, self.report["outputs"])
        self.assertEqual(reported[0]["format"], "wheel")
        self.assertEqual(reported[0]["sha256"], u.sha256_file(path))
        return path

    def wheel_contents(self, mode):
        path = self.wheel(mode)
        dist_info = "%s-%s.dist-info" % (escaped(self.NAMES[mode]),
                                         self.VERSION)
        members, info = u.check_wheel(self, path, dist_info)
        self.assertEqual(sorted(info), ["METADATA", "RECORD", "WHEEL"])
        wheel = u.header_fields(info["WHEEL"].decode("utf-8"))
        self.assertEqual(wheel["Root-Is-Purelib"], ["true"])
        meta = u.header_fields(info["METADATA"].decode("utf-8"))
        self.assertEqual(meta["Name"], [self.NAMES[mode]])
        self.assertEqual(meta["Version"], [self.VERSION])
        self.assertEqual(meta["Summary"], ["The shop (%s)" % mode])
        self.assertEqual(meta["Requires-Python"], [">=3.8"])
        payload = {p for p in members if not p.startswith(dist_info + "/")}
        self.assertEqual(payload, set(u.expected_files([SRC], mode)))
        return path, members

    def installed_probe(self, mode):
        path, members = self.wheel_contents(mode)
        target = self.install([path], re.sub(r"\W", "_", mode))
        result, loaded = u.run_probe(target, list(SRC_MODULES))
        for key in ("latin1", "crlf_text", "bom", "hello", "dotted", "run_main"):
            self.assertEqual(result["values"][key], u.EXPECTED_VALUES[key], key)
        return members, target, result, loaded

    def test_pyc_only_wheel_installs_and_imports_from_pycs(self):
        members, target, result, loaded = self.installed_probe("pyc-only")
        self.assertFalse([p for p in members if p.endswith(".py")])
        for name, rel in SRC_MODULES.items():
            pyc = os.path.join(target, rel[:-3] + ".pyc")
            info = result["modules"][name]
            self.assertEqual(info["file"], pyc, name)
            self.assertEqual(info["loader"], "SourcelessFileLoader", name)
            self.assertIn(pyc, loaded, name)
        self.assertFalse([p for p in loaded if p.endswith(".py")
                          and p.startswith(target)], "compiled from source")

    def test_checked_wheel_warns_and_pip_keeps_the_pycache(self):
        self.assertEqual(self.proc.returncode, 0, u.describe(self.proc))
        warnings = self.report["warnings"]
        self.assertEqual(len(warnings), 1, warnings)
        self.assertIn("outputs[1]", warnings[0])
        self.assertIn("__pycache__", warnings[0])
        self.assertIn("pyc-only", warnings[0])
        self.assertIn("warning: " + warnings[0], self.proc.stderr)
        members, target, result, loaded = self.installed_probe(
            "py+pyc-checked")
        cached = {p: d for p, d in members.items() if "__pycache__/" in p}
        self.assertEqual(len(cached), len(SRC_SOURCES))
        # What pip (the installer these tests run) does with them: it keeps
        # them byte for byte (pip has no __pycache__ filter, unlike
        # `installer` and the tools built on it), and as checked pycs of the
        # very sources installed beside them, they are the ones imported.
        installed = u.files_of(target)
        for rel, data in sorted(cached.items()):
            self.assertIn(rel, installed, "pip did not install " + rel)
            self.assertEqual(installed[rel][2], data, rel)
        for name, rel in SRC_MODULES.items():
            src = os.path.join(target, rel)
            self.assertEqual(result["modules"][name]["file"], src)
            self.assertIn(importlib_cached(src), loaded, name)
            self.assertNotIn(src, loaded, name + " compiled from source")

    def test_py_only_wheel_is_py3_and_imports_from_sources(self):
        members, target, result, loaded = self.installed_probe("py-only")
        self.assertFalse([p for p in members if p.endswith(".pyc")])
        for name, rel in SRC_MODULES.items():
            src = os.path.join(target, rel)
            self.assertEqual(result["modules"][name]["loader"],
                             "SourceFileLoader", name)
            self.assertIn(src, loaded, name + " not compiled from source")


# ------------------------- wheel -> installed tree -> pyc-only wheel

class WheelToPycWheelTest(DeploymentTestCase):
    """A pure-Python wheel, installed with pip, becomes a pyc-only wheel."""

    FILES = {
        "pkg/__init__.py": b'"""A package."""\nfrom pkg.mod import double\n',
        "pkg/mod.py": b'"""A module."""\n\n\ndef double(x):\n'
                      b'    """Twice x."""\n    return 2 * x\n',
        "pkg/data.txt": b"some data\n",
    }

    def test_installed_wheel_becomes_pyc_only_wheel(self):
        original = make_wheel(self.ws.join("orig"), "pkg", "1.0", self.FILES)
        site = self.install([original], "site-pkg", compile_pycs=True)
        dist_info = os.path.join(site, "pkg-1.0.dist-info")
        for name in ("INSTALLER", "REQUESTED", "direct_url.json"):
            self.assertTrue(os.path.exists(os.path.join(dist_info, name)),
                            "pip wrote no " + name)
        self.assertTrue(os.path.isdir(os.path.join(site, "pkg", "__pycache__")))
        report, proc = self.build(u.manifest(
            [{"name": "site", "root": site, "mode": "pyc-only"}],
            [{"path": "repacked", "format": "wheel"}]), "repack")
        self.assertEqual(report["warnings"], [])
        name = "pkg-1.0-%s-none-any.whl" % PY_TAG
        self.assertEqual(os.listdir(self.ws.join("repacked")), [name])
        path = self.ws.join("repacked", name)
        members, info = u.check_wheel(self, path, "pkg-1.0.dist-info")
        self.assertEqual(sorted(info), ["METADATA", "RECORD", "WHEEL"])
        wheel = u.header_fields(info["WHEEL"].decode("utf-8"))
        self.assertEqual(wheel["Tag"], ["%s-none-any" % PY_TAG])
        self.assertEqual(wheel["Root-Is-Purelib"], ["true"])
        original_members = u.zip_members(original)
        self.assertEqual(info["METADATA"],
                         original_members["pkg-1.0.dist-info/METADATA"])
        self.assertEqual(
            sorted(p for p in members if ".dist-info/" not in p),
            ["pkg/__init__.pyc", "pkg/data.txt", "pkg/mod.pyc"])
        self.assertEqual(members["pkg/data.txt"], self.FILES["pkg/data.txt"])
        target = self.install([path], "repacked")
        modules = {"pkg": os.path.join(target, "pkg", "__init__.pyc"),
                   "pkg.mod": os.path.join(target, "pkg", "mod.pyc")}
        self.assertEqual(u.importable_modules(target), modules)
        u.check_imports_from_pycs(self, target, modules)
        proc = u.run_python(["-c", "import pkg; print(pkg.double(21))"], target)
        self.assertEqual(proc.stdout.strip(), "42", proc.stderr)


# -------------------------- installed trees as Lambda layers, RECORD

ALPHA_FILES = {
    "alpha/__init__.py": b'"""Alpha."""\nfrom alpha.core import VALUE\n',
    "alpha/core.py": b'VALUE = "alpha core"\n',
    "alpha/sub/__init__.py": b"",
    "alpha/sub/deep.py": b'import alpha\nDEEP = alpha.VALUE + " deep"\n',
    "alpha/data.json": b'{"answer": 42}\n',
    "alpha-extra.pth": b"# a .pth file, copied like any file\n",
}
BETA_FILES = {
    "beta.py": b'"""Beta, a top-level module."""\nNAME = "beta"\n',
    "beta_tools-2.0.data/scripts/beta-cli":
        b"#!python\nimport beta\nprint(beta.NAME)\n",
}
# Distribution -> the top-level names (package dirs and module stems) it owns.
OWNED = {"alpha": ("alpha", "alpha-extra.pth"), "beta-tools": ("beta",)}


def owned_by(rel, dist):
    """True if file |rel| of an import root belongs to |dist| (OWNED)."""
    top = rel.split("/")[0]
    if top == "__pycache__":
        top = rel.split("/")[1].split(".")[0]
    if top.endswith(".dist-info"):
        return top[:-len(".dist-info")].rsplit("-", 1)[0] == escaped(dist)
    return any(top == n or top == n + ".py" or top == n + ".pyc"
               for n in OWNED[dist])


METADATA_PROBE = r'''
import importlib.metadata as md, json, os, sys
out = {}
for dist in sys.argv[1].split(","):
    files = md.files(dist)
    out[dist] = {"version": md.version(dist),
                 "files": sorted(str(f) for f in files),
                 "located": sorted(os.path.realpath(str(f.locate())) for f in files)}
print(json.dumps(out))
'''


class LambdaLayerFromInstalledTreeTest(DeploymentTestCase):
    """Two pip-installed wheels (one with a script) as a Lambda layer."""

    MODES = ("pyc-only", "py+pyc-checked")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        wheels = [make_wheel(cls.ws.join("wheels"), "alpha", "1.0", ALPHA_FILES),
                  make_wheel(cls.ws.join("wheels"), "beta-tools", "2.0",
                             BETA_FILES)]
        cls.pip = u.pip_install(wheels, cls.ws.join("site"), compile_pycs=True)
        libs = [{"name": "site_" + re.sub(r"\W", "_", m), "root": "site",
                 "mode": m} for m in cls.MODES]
        outputs = [{"path": "layers/%s.zip" % lib["name"],
                    "format": "lambda-layer", "libraries": [lib["name"]]}
                   for lib in libs]
        path = cls.ws.write_manifest(u.manifest(libs, outputs), "layers.json")
        cls.proc = (cls.ws.run(["build", path, "--no-cache"])
                    if cls.pip.returncode == 0 else None)

    def layer(self, mode):
        self.assertEqual(self.pip.returncode, 0, self.pip.stderr)
        self.assertEqual(self.proc.returncode, 0, u.describe(self.proc))
        path = self.ws.join("layers", "site_%s.zip" % re.sub(r"\W", "_", mode))
        u.zipfile_test(self, path)
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
        for info in infos:
            self.assertTrue(info.filename.startswith("python/"), info.filename)
            self.assertGreaterEqual(info.date_time, (1980, 1, 1, 0, 0, 0))
            kind = (info.external_attr >> 16) & 0o170000
            perm = (info.external_attr >> 16) & 0o7777
            if info.is_dir():
                self.assertEqual(perm, 0o755, info.filename)
            else:
                self.assertEqual(kind, 0o100000, info.filename)
                self.assertIn(perm, (0o644, 0o755), info.filename)
        root = u.unpack(path, "zip", self.ws.join("unpacked", mode))
        return os.path.join(root, "python")

    def check_metadata(self, root):
        proc = u.run_python(["-c", METADATA_PROBE, ",".join(OWNED)], root)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        result = json.loads(proc.stdout)
        files = u.files_of(root)
        for dist, version in (("alpha", "1.0"), ("beta-tools", "2.0")):
            got = result[dist]
            self.assertEqual(got["version"], version)
            located = set(got["located"])
            for path in located:
                self.assertTrue(os.path.isfile(path), path + " listed, absent")
            owned = {os.path.join(root, p) for p in files if owned_by(p, dist)}
            self.assertEqual(located, owned, dist)
            record = "%s-%s.dist-info/RECORD" % (escaped(dist), version)
            listed = [row[0] for row in u.record_rows(files[record][2].decode())]
            u.check_record(self, record, files[record][2].decode(),
                           {p: files[p][2] for p in listed if p != record})
            self.assertFalse([p for p in listed if p.startswith("../")])
        return result

    def test_original_record_lists_a_script_outside_the_root(self):
        self.assertEqual(self.pip.returncode, 0, self.pip.stderr)
        with open(self.ws.join("site", "beta_tools-2.0.dist-info", "RECORD")) as f:
            rows = [r[0] for r in u.record_rows(f.read())]
        self.assertTrue([p for p in rows if p.startswith("../")], rows)
        self.assertTrue([p for p in rows if "__pycache__" in p], rows)

    def test_pyc_only_layer(self):
        root = self.layer("pyc-only")
        files = u.files_of(root)
        self.assertFalse([p for p in files if p.endswith(".py")])
        self.assertFalse([p for p in files if "__pycache__" in p])
        modules = {m: os.path.join(root, f) for m, f in (
            ("alpha", "alpha/__init__.pyc"), ("alpha.core", "alpha/core.pyc"),
            ("alpha.sub", "alpha/sub/__init__.pyc"),
            ("alpha.sub.deep", "alpha/sub/deep.pyc"), ("beta", "beta.pyc"))}
        self.assertEqual(u.importable_modules(root), modules)
        u.check_imports_from_pycs(self, root, modules)
        proc = u.run_python(
            ["-c", "import alpha.sub.deep as d, beta, sys; "
                   "print(d.DEEP, beta.NAME, type(d.__spec__.loader).__name__)"],
            root)
        self.assertEqual(proc.stdout.strip(),
                         "alpha core deep beta SourcelessFileLoader", proc.stderr)
        result = self.check_metadata(root)
        self.assertIn("alpha/core.pyc", result["alpha"]["files"])
        self.assertIn("beta.pyc", result["beta-tools"]["files"])

    def test_checked_layer(self):
        root = self.layer("py+pyc-checked")
        loaded = u.check_imports_from_pycs(self, root)
        for rel in ("alpha/sub/deep.py", "beta.py"):
            self.assertIn(importlib_cached(os.path.join(root, rel)), loaded)
        result = self.check_metadata(root)
        self.assertIn("alpha/__pycache__/core.%s.pyc" % u.CACHE_TAG,
                      result["alpha"]["files"])
        self.assertIn("__pycache__/beta.%s.pyc" % u.CACHE_TAG,
                      result["beta-tools"]["files"])


class DistInfoSubdirectoryTest(DeploymentTestCase):
    """A .dist-info may hold a licenses/ directory (core metadata 2.4) with
    files of any name, also *.py, which sort after RECORD."""

    def test_python_file_in_dist_info_after_record(self):
        site = self.ws.copy_testdata("site-packages", "site")
        os.remove(os.path.join(site, "make.py"))
        licenses = os.path.join(site, "greet-0.4.dist-info", "licenses", "tools")
        os.makedirs(licenses)
        with open(os.path.join(licenses, "license_check.py"), "w") as f:
            f.write('"""Vendored licence checker, kept as its licence asks."""\n')
        for mode in ("pyc-only", "py+pyc-checked"):
            with self.subTest(mode=mode):
                name = re.sub(r"\W", "_", mode)
                report, _ = self.build(u.manifest(
                    [{"name": "site", "root": site, "mode": mode}],
                    [{"path": "lic-%s.zip" % name, "format": "lambda-layer"},
                     {"path": "lic-%s" % name, "format": "wheel"}]),
                    "lic-" + name)
                members = u.zip_members(self.ws.join("lic-%s.zip" % name))
                files = {p[len("python/"):]: d for p, d in members.items()}
                record = "greet-0.4.dist-info/RECORD"
                u.check_record(self, record, files[record].decode(),
                               {p: d for p, d in files.items() if p != record})
                wheel = [o["path"] for o in report["outputs"]
                         if o["format"] == "wheel"][0]
                u.check_wheel(self, wheel, "greet-0.4.dist-info")


# --------------------------- OCI layers, determinism of every preset

def copy_with_mtimes(src, dst, rng):
    """Copies tree |src| to |dst| with random mtimes on everything."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__",
                                                            "*.pyc"))
    for dirpath, dirnames, filenames in os.walk(dst):
        for name in dirnames + filenames + [""]:
            t = rng.randrange(10**6, 2 * 10**9)
            os.utime(os.path.join(dirpath, name), (t, t))


PRESET_OUTPUTS = [
    {"path": "out/wheels", "format": "wheel", "libraries": ["app"],
     "name": "shop", "version": "3.1"},
    {"path": "out/layer.zip", "format": "lambda-layer"},
    {"path": "out/layer.tar", "format": "oci-layer", "compression": "none"},
    {"path": "out/layer.tar.gz", "format": "oci-layer"},
    {"path": "out/layer.tar.zst", "format": "oci-layer", "compression": "zstd"},
]
OCI = ("layer.tar", "layer.tar.gz", "layer.tar.zst")


class PresetDeterminismAndOciTest(unittest.TestCase):
    """Every preset twice, from copies of the inputs in other places, with
    other mtimes, another umask, into other output directories; the second
    build takes its pycs from the cache the first one filled."""

    @classmethod
    def setUpClass(cls):
        cls.runs = []
        for seed, umask in ((1, 0o022), (2, 0o077)):
            ws = u.Workspace("pycpack-e2e-det%d-" % seed)
            rng = random.Random(seed)
            copy_with_mtimes(SRC, ws.join("in", "src"), rng)
            copy_with_mtimes(SITE, ws.join("in", "site"), rng)
            path = ws.write_manifest(u.manifest(
                [{"name": "app", "root": "src", "mode": "pyc-only"},
                 {"name": "site", "root": "site", "exclude": ["make.py"]}],
                PRESET_OUTPUTS), os.path.join("in", "manifest.json"))
            out = ws.join("out-%d" % seed)
            env = {k: v for k, v in os.environ.items()
                   if k != "SOURCE_DATE_EPOCH"}
            env["XDG_CACHE_HOME"] = (cls.runs[0][0] if cls.runs else ws).cache
            proc = ws.run(["build", path, "--json", "--output-dir", out],
                          umask=umask, env=env)
            cls.runs.append((ws, out, proc))

    @classmethod
    def tearDownClass(cls):
        for ws, _, _ in cls.runs:
            ws.close()

    def report(self, run):
        ws, out, proc = self.runs[run]
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        return out, {os.path.relpath(o["path"], out): o
                     for o in json.loads(proc.stdout)["outputs"]}

    def test_oci_layers_diff_id_and_digest(self):
        out, outputs = self.report(0)
        diff_ids = set()
        for name in OCI:
            path = os.path.join(out, "out", name)
            o = outputs["out/" + name]
            self.assertEqual(o["format"], "oci-layer")
            with open(path, "rb") as f:
                blob = f.read()
            if name.endswith(".gz"):
                self.assertEqual(blob[:2], b"\x1f\x8b")
                tar = gzip.decompress(blob)
            elif name.endswith(".zst"):
                self.assertEqual(blob[:4], b"\x28\xb5\x2f\xfd")
                tar = u.read_zst(path)
            else:
                tar = blob
            self.assertEqual(o["digest"],
                             "sha256:" + hashlib.sha256(blob).hexdigest(), name)
            self.assertEqual(o["diff_id"],
                             "sha256:" + hashlib.sha256(tar).hexdigest(), name)
            diff_ids.add(o["diff_id"])
            fmt = {"layer.tar": "tar", "layer.tar.gz": "tar.gz",
                   "layer.tar.zst": "tar.zst"}[name]
            with u.open_tar(path, fmt) as tf:
                members = tf.getmembers()
            self.assertTrue(members)
            for m in members:
                self.assertEqual((m.uid, m.gid), (0, 0), m.name)
            names = [m.name for m in members]
            self.assertEqual(names, sorted(
                names, key=lambda n: (".dist-info" in n, n.encode())))
            self.assertEqual(names[-1], "greet-0.4.dist-info/WHEEL")
        self.assertEqual(len(diff_ids), 1, "the three layers differ")
        self.assertNotIn("diff_id", outputs["out/layer.zip"])
        self.assertNotIn("digest", outputs["out/layer.zip"])

    def test_every_preset_is_byte_identical(self):
        out_a, outputs_a = self.report(0)
        out_b, outputs_b = self.report(1)
        summary = json.loads(self.runs[1][2].stdout)["summary"]
        self.assertEqual(summary["compiled"], 0, summary)
        self.assertEqual(sorted(outputs_a), sorted(outputs_b))
        self.assertEqual(len(outputs_a), len(PRESET_OUTPUTS))
        self.assertIn("out/wheels/shop-3.1-%s-none-any.whl" % PY_TAG, outputs_a)
        for rel in outputs_a:
            with self.subTest(artifact=rel):
                self.assertEqual(u.snapshot(os.path.join(out_a, rel)),
                                 u.snapshot(os.path.join(out_b, rel)))
                a, b = dict(outputs_a[rel]), dict(outputs_b[rel])
                a.pop("path")
                b.pop("path")
                self.assertEqual(a, b)

    def test_layers_hold_rewritten_record(self):
        out, _ = self.report(0)
        members = u.zip_members(os.path.join(out, "out", "layer.zip"))
        files = {p[len("python/"):]: d for p, d in members.items()}
        record = "greet-0.4.dist-info/RECORD"
        listed = [row[0] for row in u.record_rows(files[record].decode())]
        self.assertIn("greet/__pycache__/words.%s.pyc" % u.CACHE_TAG, listed)
        self.assertNotIn("make.py", files)
        u.check_record(self, record, files[record].decode(),
                       {p: d for p, d in files.items()
                        if p.startswith("greet") and p != record})


# ---------------------------------------------------------- variants

VARIANTS = {"release": {"force_mode": "pyc-only", "optimize": [2]},
            "debug": {"mode": "py+pyc-checked", "optimize": [0, 1]}}
VARIANT_OUTPUTS = [{"path": "dist/%s/app%s" % (v, u.FORMATS[fmt]),
                    "format": fmt, "variant": v}
                   for v in VARIANTS for fmt in ("tar.gz", "zip")]


class VariantsTest(DeploymentTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        m = u.manifest([("app", SRC)], VARIANT_OUTPUTS)
        m["variants"] = VARIANTS
        cls.manifest = cls.ws.write_manifest(m, "variants.json")
        cls.full = cls.ws.run(["build", cls.manifest, "--json", "--no-cache",
                               "--output-dir", cls.ws.join("all")])

    def full_report(self):
        self.assertEqual(self.full.returncode, 0, u.describe(self.full))
        return json.loads(self.full.stdout)

    def unpacked(self, variant, fmt):
        self.full_report()
        name = "app" + u.FORMATS[fmt]
        return u.unpack(self.ws.join("all", "dist", variant, name), fmt,
                        self.ws.join("unpacked", variant, name))

    def test_release_layout_sourceless_without_docstrings(self):
        for fmt in ("tar.gz", "zip"):
            with self.subTest(fmt=fmt):
                root = self.unpacked("release", fmt)
                self.assertEqual(set(u.files_of(root)),
                                 set(u.expected_files([SRC], "pyc-only")))
                result, loaded = u.run_probe(root, list(SRC_MODULES))
                self.assertEqual(result["modules"]["shop.cart.pricing"]["loader"],
                                 "SourcelessFileLoader")
                self.assertEqual(result["values"]["docs"], [None] * 6)
                self.assertFalse(result["values"]["assert_raised"])
                for name, rel in SRC_MODULES.items():
                    self.assertIn(os.path.join(root, rel[:-3] + ".pyc"), loaded)

    def test_debug_layout_sources_and_two_levels(self):
        for fmt in ("tar.gz", "zip"):
            with self.subTest(fmt=fmt):
                root = self.unpacked("debug", fmt)
                self.assertEqual(
                    set(u.files_of(root)),
                    set(u.expected_files([SRC], "py+pyc-checked", (0, 1))))
                for level, flags in ((0, []), (1, ["-O"])):
                    result, loaded = u.run_probe(root, list(SRC_MODULES), flags)
                    self.assertEqual(result["values"]["assert_raised"], level == 0)
                    self.assertIsNotNone(result["values"]["docs"][0])
                    for name, rel in SRC_MODULES.items():
                        src = os.path.join(root, rel)
                        self.assertIn(importlib_cached(src, level), loaded, name)
                        self.assertNotIn(src, loaded, name)
                pyc = os.path.join(root, "shop/__pycache__/__init__.%s.pyc"
                                   % u.CACHE_TAG)
                with open(pyc, "rb") as f:
                    self.assertEqual(u.split_pyc(f.read())[1], 0b11)

    def test_one_build_compiles_every_variant(self):
        report = self.full_report()
        self.assertEqual(len(report["outputs"]), 4)
        # release: one level; debug: two; nothing shared between them.
        self.assertEqual(report["summary"]["compiled"], 3 * len(SRC_SOURCES))

    def test_variant_option_builds_its_outputs_alike(self):
        self.full_report()
        out = self.ws.join("release-only")
        proc = self.ws.run(["build", self.manifest, "--variant", "release",
                            "--json", "--output-dir", out])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        self.assertEqual(u.listing(os.path.join(out, "dist")), ["release"])
        self.assertEqual(len(json.loads(proc.stdout)["outputs"]), 2)
        for name in ("app.tar.gz", "app.zip"):
            self.assertEqual(
                u.snapshot(os.path.join(out, "dist", "release", name)),
                u.snapshot(self.ws.join("all", "dist", "release", name)), name)

    def test_unknown_variant_exits_2_naming_the_known_ones(self):
        out = self.ws.join("nope")
        proc = self.ws.run(["build", self.manifest, "--variant", "nope",
                            "--output-dir", out])
        self.assertEqual(proc.returncode, 2, u.describe(proc))
        self.assertIn('"nope"', proc.stderr)
        self.assertIn("release", proc.stderr)
        self.assertIn("debug", proc.stderr)
        self.assertFalse(os.path.exists(out) and os.listdir(out))

    def test_pyc_shared_by_variants_is_compiled_once(self):
        n = len(SRC_SOURCES)
        cases = [
            # Two variants with the same settings: one compile per source.
            ({"a": {"mode": "pyc-only", "optimize": [1]},
              "b": {"mode": "pyc-only", "optimize": [1]}}, n),
            # pyc-only and py+pyc-unchecked at one level: the same unchecked
            # pyc under two names; a checked one is another pyc.
            ({"a": {"mode": "pyc-only", "optimize": [1]},
              "b": {"mode": "py+pyc-unchecked", "optimize": [1]},
              "c": {"mode": "py+pyc-checked", "optimize": [1]}}, 2 * n),
            # Docstrings stripped or not: different pycs.
            ({"a": {"mode": "pyc-only", "optimize": [0]},
              "b": {"mode": "pyc-only", "optimize": [0],
                    "strip_docstrings": True}}, 2 * n),
        ]
        for i, (variants, compiled) in enumerate(cases):
            with self.subTest(variants=sorted(variants)):
                m = u.manifest([("app", SRC)], [
                    {"path": "shared%d/%s.zip" % (i, v), "format": "zip",
                     "variant": v} for v in variants])
                m["variants"] = variants
                report, _ = self.build(m, "shared%d" % i)
                self.assertEqual(len(report["outputs"]), len(variants))
                self.assertEqual(report["summary"]["compiled"], compiled)
                self.assertEqual(report["summary"]["cached"], 0)
        a = u.zip_members(self.ws.join("shared1", "a.zip"))
        b = u.zip_members(self.ws.join("shared1", "b.zip"))
        self.assertEqual(
            a["shop/cart/pricing.pyc"],
            b["shop/cart/__pycache__/pricing.%s.opt-1.pyc" % u.CACHE_TAG])


if __name__ == "__main__":
    unittest.main()
