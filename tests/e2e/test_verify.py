"""`pycpack verify`: artifacts pycpack builds pass with the interpreter they
were built for (imports included); broken pycs, stale or missing ones and
imports that compile sources are caught; the checks run on every supported
CPython (3.8-3.15) that tests/pythons.py finds. Multi-target artifacts
(every version at once, a guard beside a py+pyc library) are verified in
test_targets.py."""

import json
import os
import shutil
import subprocess
import sys
import tarfile
import unittest

import e2e_util as u

ROOTS = [os.path.join(u.TESTDATA, "src"), os.path.join(u.TESTDATA, "vendor")]
FORMATS = ("dir", "tar.gz", "zip")
# Every .py of testdata/src and testdata/vendor, relative to its root.
SOURCES = sorted(p for root in ROOTS for p in u.source_files(root)
                 if p.endswith(".py"))
PRICING = "shop/cart/pricing.py"
STRINGS = "shop/util/strings.py"


def cached(rel, tag=u.CACHE_TAG):
    head, _, base = rel.rpartition("/")
    return "%s/__pycache__/%s.%s.pyc" % (head, base[:-3], tag)


def verify_args(artifact, pythons=(sys.executable,), modules=(), extra=()):
    args = ["verify", artifact, "--json"]
    for python in pythons:
        args += ["--python", python]
    for module in modules:
        args += ["--import", module]
    return args + list(extra)


def findings(report, index=0):
    """{(path, kind)} of interpreter |index|'s findings."""
    return {(f["path"], f["kind"])
            for f in report["interpreters"][index]["findings"]}


def other_python(test):
    """A supported CPython of another minor version than sys.executable;
    without one the test is skipped (fails under CI=true)."""
    others = {minor: path for minor, path in u.pythons.by_minor().items()
              if minor != sys.version_info[1]}
    if not others:
        u.pythons.missing([xy for xy in u.pythons.SUPPORTED
                           if xy != "3.%d" % sys.version_info[1]], test)
    return others[sorted(others)[0]]


def compile_file(python, source, pyc, mode):
    """Compiles |source| into |pyc| with |python|'s py_compile and
    invalidation mode |mode| (TIMESTAMP, CHECKED_HASH, UNCHECKED_HASH)."""
    program = ("import py_compile, sys; py_compile.compile(sys.argv[1], "
               "cfile=sys.argv[2], doraise=True, invalidation_mode="
               "py_compile.PycInvalidationMode.%s)" % mode)
    subprocess.run([python, "-I", "-c", program, source, pyc], check=True)


class BuiltArtifactsTest(unittest.TestCase):
    """testdata/src + testdata/vendor built once per mode, as dir, tar.gz
    and zip."""

    @classmethod
    def setUpClass(cls):
        cls.ws = u.Workspace()
        path = cls.ws.write_manifest(u.manifest(
            [("app", ROOTS[0]), ("vendor", ROOTS[1])],
            [{"path": "app" + u.FORMATS[f], "format": f}
             for f in FORMATS + ("tar.zst",)]))
        cls.builds = cls.ws.build_each_mode(path)

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def artifact(self, mode, fmt):
        return u.built_artifact(self, self.builds, mode, fmt)

    def verify(self, artifact, **kwargs):
        proc = self.ws.run(verify_args(artifact, **kwargs))
        self.assertTrue(proc.stdout, u.describe(proc))
        return proc, json.loads(proc.stdout)

    def test_pyc_modes_pass_with_imports_from_bytecode(self):
        for mode in ("pyc-only", "py+pyc-checked", "py+pyc-unchecked"):
            for fmt in FORMATS:
                with self.subTest(mode=mode, format=fmt):
                    proc, report = self.verify(self.artifact(mode, fmt),
                                               modules=list(u.MODULES))
                    self.assertEqual(proc.returncode, 0, u.describe(proc))
                    self.assertEqual(report["status"], "ok")
                    interp = report["interpreters"][0]
                    self.assertEqual(interp["cache_tag"], u.CACHE_TAG)
                    self.assertEqual(interp["magic"], u.MAGIC.hex())
                    self.assertEqual(interp["optimize"], [0])
                    n = len(SOURCES)
                    self.assertEqual(interp["counts"], {
                        "sources": 0 if mode == "pyc-only" else n,
                        "pycs": n, "ok": n, "findings": 0})
                    self.assertEqual(
                        [i["module"] for i in interp["imports"]],
                        list(u.MODULES))
                    for imp in interp["imports"]:
                        self.assertIsNone(imp["error"], imp)
                        self.assertGreater(imp["from_bytecode"], 0, imp)
                        self.assertEqual(imp["from_source"], 0, imp)
                    self.assertIn("no findings", proc.stderr)

    def test_py_only_reports_every_source_as_compiled_at_import(self):
        for fmt in FORMATS:
            with self.subTest(format=fmt):
                proc, report = self.verify(
                    self.artifact("py-only", fmt),
                    modules=["shop.cart.pricing"])
                self.assertEqual(proc.returncode, 1, u.describe(proc))
                self.assertEqual(report["status"], "findings")
                got = findings(report)
                self.assertEqual({p for p, k in got if k == "missing"},
                                 set(SOURCES))
                self.assertEqual(
                    {p for p, k in got if k == "compiled-from-source"},
                    {"shop/__init__.py", "shop/cart/__init__.py", PRICING})
                self.assertIn(
                    "%s: %s: missing: no pyc for optimization level 0: the "
                    "source would be compiled at import time (%s)" % (
                        sys.executable, PRICING, cached(PRICING)),
                    proc.stderr)

    def test_extraction_is_private_and_removed(self):
        tmp = self.ws.join("tmp-extract")
        os.makedirs(tmp)
        env = dict(os.environ, TMPDIR=tmp)
        wheel = self.ws.join("app-1.0-py3-none-any.whl")
        shutil.copy(self.artifact("py+pyc-checked", "zip"), wheel)
        for artifact in [self.artifact("py+pyc-checked", fmt)
                         for fmt in ("tar.gz", "tar.zst", "zip")] + [wheel]:
            proc = self.ws.run(verify_args(artifact, modules=["shop"]),
                               env=env)
            self.assertEqual(proc.returncode, 0, u.describe(proc))
            report = json.loads(proc.stdout)
            self.assertEqual(report["interpreters"][0]["counts"]["ok"],
                             len(SOURCES))
            self.assertEqual(os.listdir(tmp), [])

    def test_root_inside_the_artifact(self):
        m = self.ws.write_manifest(u.manifest(
            [("app", ROOTS[0])],
            [{"path": "layer.zip", "format": "zip", "prefix": "python/"}]),
            name="layer.json")
        proc = self.ws.run(["build", m])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        layer = self.ws.join("layer.zip")
        proc, report = self.verify(layer, modules=["shop.cart"],
                                   extra=["--root", "python/"])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        self.assertEqual(report["root"], "python/")
        # Without --root the modules are not found at the top.
        proc, report = self.verify(layer, modules=["shop.cart"])
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertIn((None, "import-error"), findings(report))
        proc = self.ws.run(verify_args(layer, extra=["--root", "nothere"]))
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertIn("has no directory 'nothere'", proc.stderr)
        proc = self.ws.run(verify_args(layer, extra=["--root", "../x"]))
        self.assertEqual(proc.returncode, 2, u.describe(proc))


class CatchesTest(unittest.TestCase):
    """One way of breaking an artifact per test; each must be reported."""

    @classmethod
    def setUpClass(cls):
        cls.ws = u.Workspace()
        m = cls.ws.write_manifest(u.manifest(
            [("app", ROOTS[0]), ("vendor", ROOTS[1])],
            [{"path": "checked", "format": "dir"},
             {"path": "pyc-only", "format": "dir", "libraries": ["app"]}]))
        proc = cls.ws.run(["build", m, "--force-mode", "py+pyc-checked"])
        assert proc.returncode == 0, u.describe(proc)
        m = cls.ws.write_manifest(u.manifest(
            [{"name": "app", "root": ROOTS[0], "mode": "pyc-only"}],
            [{"path": "pyc-only", "format": "dir"}]), name="pyc-only.json")
        proc = cls.ws.run(["build", m])
        assert proc.returncode == 0, u.describe(proc)
        cls.count = 0

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def copy(self, name="checked"):
        """A fresh copy of the built artifact |name| to break."""
        CatchesTest.count += 1
        dest = self.ws.join("case%d" % self.count)
        shutil.copytree(self.ws.join(name), dest)
        return dest

    def verify(self, artifact, expect=1, **kwargs):
        proc = self.ws.run(verify_args(artifact, **kwargs))
        self.assertEqual(proc.returncode, expect, u.describe(proc))
        return proc, json.loads(proc.stdout)

    def test_intact_artifact_passes(self):
        self.verify(self.copy(), expect=0, modules=["shop.cart.pricing"])

    def test_pyc_from_another_version(self):
        other = other_python(self)
        root = self.copy()
        compile_file(other, os.path.join(root, PRICING),
                     os.path.join(root, cached(PRICING)), "CHECKED_HASH")
        proc, report = self.verify(root, modules=["shop.cart.pricing"])
        self.assertEqual(findings(report), {
            (PRICING, "bad-magic"), (PRICING, "compiled-from-source")})
        self.assertIn("a pyc for another Python version", proc.stderr)

    def test_sourceless_pyc_from_another_version(self):
        other = other_python(self)
        root = self.copy("pyc-only")
        pyc = os.path.join(root, STRINGS + "c")
        compile_file(other, os.path.join(ROOTS[0], STRINGS), pyc,
                     "UNCHECKED_HASH")
        proc, report = self.verify(root)
        self.assertEqual(findings(report), {(STRINGS + "c", "bad-magic")})
        self.assertIn("importing it fails", proc.stderr)

    def test_stale_checked_pyc(self):
        root = self.copy()
        with open(os.path.join(root, PRICING), "a") as f:
            f.write("EDITED = True\n")
        proc, report = self.verify(root, modules=["shop.cart.pricing"])
        self.assertEqual(findings(report), {
            (PRICING, "stale-hash"), (PRICING, "compiled-from-source")})
        self.assertIn("checked pyc whose source hash does not match",
                      proc.stderr)

    def test_stale_unchecked_pyc(self):
        root = self.copy()
        pyc = os.path.join(root, cached(PRICING))
        with open(pyc, "r+b") as f:
            f.seek(4)
            f.write(b"\x01\x00\x00\x00")  # checked -> unchecked
        self.verify(root, expect=0)
        with open(os.path.join(root, PRICING), "a") as f:
            f.write("EDITED = True\n")
        proc, report = self.verify(root, modules=["shop.cart.pricing"])
        # importlib trusts it: the import runs the old code, from the pyc.
        self.assertEqual(findings(report), {(PRICING, "stale-hash")})
        self.assertIn("importlib would run the old code", proc.stderr)

    def test_missing_pyc(self):
        root = self.copy()
        os.remove(os.path.join(root, cached(PRICING)))
        proc, report = self.verify(root)
        self.assertEqual(findings(report), {(PRICING, "missing")})
        self.assertEqual(report["interpreters"][0]["findings"][0]["pyc"],
                         cached(PRICING))

    def test_truncated_pyc_body(self):
        root = self.copy()
        pyc = os.path.join(root, cached(PRICING))
        os.truncate(pyc, 40)
        proc, report = self.verify(root, modules=["shop.cart.pricing"])
        self.assertEqual(findings(report), {(PRICING, "unmarshal"),
                                            (None, "import-error")})

    def test_truncated_pyc_header(self):
        root = self.copy()
        os.truncate(os.path.join(root, cached(PRICING)), 10)
        proc, report = self.verify(root)
        self.assertEqual(findings(report), {(PRICING, "truncated")})
        self.assertIn("pyc header incomplete: 10 of 16 bytes", proc.stderr)

    def test_invalid_flags(self):
        root = self.copy()
        with open(os.path.join(root, cached(PRICING)), "r+b") as f:
            f.seek(4)
            f.write(b"\x02\x00\x00\x00")
        proc, report = self.verify(root)
        self.assertEqual(findings(report), {(PRICING, "bad-flags")})

    def test_timestamp_pyc(self):
        root = self.copy()
        source = os.path.join(root, PRICING)
        compile_file(sys.executable, source,
                     os.path.join(root, cached(PRICING)), "TIMESTAMP")
        proc, report = self.verify(root)
        self.assertEqual(findings(report), {(PRICING, "timestamp")})
        self.assertIn("timestamp pyc (flags 0)", proc.stderr)
        st = os.stat(source)
        os.utime(source, (st.st_atime, st.st_mtime + 60))
        proc, report = self.verify(root)
        self.assertEqual(findings(report), {(PRICING, "stale-timestamp")})

    def test_import_of_a_module_without_its_pyc(self):
        root = self.copy()
        os.remove(os.path.join(root, cached(STRINGS)))
        proc, report = self.verify(root, modules=["shop.util.strings",
                                                  "tinyjson"])
        interp = report["interpreters"][0]
        self.assertEqual(findings(report), {(STRINGS, "missing"),
                                            (STRINGS, "compiled-from-source")})
        imports = {i["module"]: i for i in interp["imports"]}
        self.assertEqual(imports["shop.util.strings"]["from_source"], 1)
        self.assertEqual(imports["tinyjson"]["from_source"], 0)
        self.assertIn("import shop.util.strings: %s: compiled-from-source"
                      % STRINGS, proc.stderr)

    def test_import_error_names_the_exception(self):
        root = self.copy()
        proc, report = self.verify(root, modules=["shop.nonesuch"])
        f = report["interpreters"][0]["findings"]
        self.assertEqual(len(f), 1, f)
        self.assertEqual(f[0]["kind"], "import-error")
        self.assertEqual(f[0]["message"],
                         "ModuleNotFoundError: No module named 'shop.nonesuch'")

    def test_a_module_that_writes_on_import(self):
        root = self.copy()
        source = os.path.join(root, "writer.py")
        with open(source, "w") as f:
            f.write("import os\nopen(os.path.join(os.path.dirname(__file__),"
                    " 'made.txt'), 'w').close()\n")
        compile_file(sys.executable, source, os.path.join(
            root, cached("writer.py").lstrip("/")), "CHECKED_HASH")
        proc, report = self.verify(root, modules=["writer"])
        # As root the read-only copy does not stop the write, which is then
        # seen in the copy; anyone else gets a PermissionError.
        expected = ("made.txt", "wrote-file") if os.geteuid() == 0 else (
            None, "import-error")
        self.assertEqual(findings(report), {expected})
        self.assertFalse(os.path.exists(os.path.join(root, "made.txt")))

    def test_orphan_pyc_is_information_only(self):
        root = self.copy()
        shutil.copy(os.path.join(root, cached(PRICING)),
                    os.path.join(root, cached("shop/cart/gone.py")))
        proc, report = self.verify(root, expect=0)
        self.assertEqual(report["interpreters"][0]["info"], [{
            "path": cached("shop/cart/gone.py"),
            "message": "no source beside its __pycache__: never loaded"}])
        self.assertIn("info: " + cached("shop/cart/gone.py"), proc.stderr)

    def test_unsafe_archive_is_refused_and_nothing_is_left(self):
        tmp = self.ws.join("tmp-unsafe")
        os.makedirs(tmp)
        bad = self.ws.join("bad.tar.gz")
        with tarfile.open(bad, "w:gz") as tf:
            tf.add(os.path.join(ROOTS[0], PRICING), arcname="shop/ok.py")
            tf.add(os.path.join(ROOTS[0], PRICING), arcname="../evil.py")
        proc = self.ws.run(verify_args(bad), env=dict(os.environ, TMPDIR=tmp))
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertIn("entry '../evil.py'", proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["status"], "error")
        self.assertEqual(os.listdir(tmp), [])
        self.assertFalse(os.path.exists(os.path.join(self.ws.path,
                                                     "evil.py")))

    def test_errors_name_what_failed(self):
        root = self.copy()
        proc = self.ws.run(verify_args(self.ws.join("nothing.zip")))
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertIn("nothing.zip", proc.stderr)
        proc = self.ws.run(verify_args(root, pythons=["no-such-python3"]))
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertIn("cannot run 'no-such-python3'", proc.stderr)
        proc = self.ws.run(verify_args(root, pythons=["false"]))
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertIn("interpreter 'false' exited with status 1", proc.stderr)
        proc = self.ws.run(["verify", root])
        self.assertEqual(proc.returncode, 2, u.describe(proc))
        self.assertIn("--python is required", proc.stderr)


class SupportedVersionsTest(unittest.TestCase):
    """The checks run on every supported CPython found (3.8-3.15), on trees
    that version's own compileall compiled."""

    @classmethod
    def setUpClass(cls):
        cls.ws = u.Workspace()

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def pythons(self):
        """{minor: path} of every supported CPython found; those not found
        are noted (under CI=true: the test fails), none found skips."""
        found = u.pythons.by_minor()
        absent = [xy for xy in u.pythons.SUPPORTED
                  if int(xy.split(".")[1]) not in found]
        if absent:
            u.pythons.missing(absent, self if not found else None)
        return found

    def compiled_tree(self, python, name, mode, flags_list):
        root = self.ws.join(name)
        for src in ROOTS:
            shutil.copytree(src, root, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__",
                                                          "*.pyc"))
        for flags in flags_list:
            subprocess.run([python] + flags + [
                "-m", "compileall", "-q", "--invalidation-mode", mode, root],
                check=True, stdout=subprocess.DEVNULL)
        return root

    def verify(self, root, pythons, modules=()):
        proc = self.ws.run(verify_args(root, pythons=pythons,
                                       modules=modules))
        return proc, json.loads(proc.stdout)

    def test_checked_and_unchecked_trees_pass_and_breakage_is_found(self):
        n = len(SOURCES)
        for minor, python in sorted(self.pythons().items()):
            with self.subTest(version="3.%d" % minor):
                tag = "cpython-3%d" % minor
                checked = self.compiled_tree(python, "checked-3.%d" % minor,
                                             "checked-hash", [[]])
                proc, report = self.verify(checked, [python], list(u.MODULES))
                self.assertEqual(proc.returncode, 0, u.describe(proc))
                interp = report["interpreters"][0]
                self.assertEqual(interp["cache_tag"], tag)
                self.assertEqual(interp["counts"], {
                    "sources": n, "pycs": n, "ok": n, "findings": 0})
                for imp in interp["imports"]:
                    self.assertIsNone(imp["error"], imp)
                    self.assertGreater(imp["from_bytecode"], 0, imp)

                unchecked = self.compiled_tree(
                    python, "unchecked-3.%d" % minor, "unchecked-hash",
                    [[], ["-OO"]])
                proc, report = self.verify(unchecked, [python])
                self.assertEqual(proc.returncode, 0, u.describe(proc))
                interp = report["interpreters"][0]
                self.assertEqual(interp["optimize"], [0, 2])
                self.assertEqual(interp["counts"]["ok"], 2 * n)

                with open(os.path.join(checked, PRICING), "a") as f:
                    f.write("EDITED = True\n")
                os.remove(os.path.join(unchecked, cached(STRINGS, tag)
                                       .replace(".pyc", ".opt-2.pyc")))
                proc, report = self.verify(checked, [python],
                                           ["shop.cart.pricing"])
                self.assertEqual(proc.returncode, 1, u.describe(proc))
                self.assertEqual(findings(report), {
                    (PRICING, "stale-hash"), (PRICING, "compiled-from-source")})
                proc, report = self.verify(unchecked, [python])
                self.assertEqual(findings(report), {(STRINGS, "missing")})

    def test_each_interpreter_judges_for_itself(self):
        found = self.pythons()
        if len(found) < 2:
            self.skipTest("needs two supported CPython versions")
        minors = sorted(found)
        root = self.compiled_tree(found[minors[0]], "one-version",
                                  "checked-hash", [[]])
        proc, report = self.verify(root, [found[m] for m in minors])
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertEqual(len(report["interpreters"]), len(minors))
        self.assertEqual(findings(report, 0), set())
        for i in range(1, len(minors)):
            self.assertEqual(findings(report, i),
                             {(p, "missing") for p in SOURCES})


if __name__ == "__main__":
    unittest.main()
