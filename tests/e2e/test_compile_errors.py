"""on_compile_error "keep-source" and the syntax check of py-only libraries
(docs/manifest.md, "on_compile_error"): a Python-2 file is shipped as its
source without any pyc, in every mode and format (a wheel too, and from a
wheel input), the others import from their pycs out of a read-only copy,
the artifact lists the kept file, and `pycpack verify` passes while still
finding a pyc deleted from another module. With two targets, a `match`
statement kept because 3.8 cannot compile it gets no 3.12 pyc either.
py-only: a broken source fails the build by default, is a warning with
keep-source, and passes unchecked with "check_syntax": false."""

import json
import os
import re
import shutil
import sys
import unittest
import zipfile

import e2e_util as u

LEGACY = 'print "hello from Python 2"\n'
MATCHER = ("def kind(value):\n"
           "    match value:\n"
           "        case 0:\n"
           "            return 'zero'\n"
           "    return 'other'\n")
TREE = {
    "app/__init__.py": "VALUE = 1\n",
    "app/good.py": "def f():\n    return 'good'\n",
    "app/other.py": "X = 2\n",
    "app/legacy.py": LEGACY,
    "app/matcher.py": MATCHER,
    "app/data.txt": "data\n",
}
IMPORTABLE = ["app", "app.good", "app.other", "app.matcher"]
KEPT_LIST = "pycpack-kept-sources.json"
COMPILED_MODES = ("pyc-only", "py+pyc-checked", "py+pyc-unchecked")
FORMATS = ("dir", "tar.gz", "zip")


def write_tree(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def kept_list(root):
    with open(os.path.join(root, KEPT_LIST), encoding="utf-8") as f:
        return {k["path"]: k for k in json.load(f)["kept"]}


def pycs_of_names(names, module_rel):
    """The pycs among |names| (relative paths) made from |module_rel|."""
    stem = module_rel[:-3]
    directory, name = os.path.split(stem)
    cached = os.path.join(directory, "__pycache__", name + ".")
    return [rel for rel in names if rel == stem + ".pyc" or (
        rel.startswith(cached) and rel.endswith(".pyc"))]


def pycs_of(root, module_rel):
    """The pycs below |root| made from the source |module_rel|."""
    return pycs_of_names(u.files_of(root), module_rel)


def run(ws, args):
    """pycpack |args| run in the workspace, so that messages name files
    relative to it."""
    return ws.run(args, cwd=ws.path)


def verify(ws, artifact, pythons, modules=(), root=None):
    args = ["verify", artifact, "--json"]
    for python in pythons:
        args += ["--python", python]
    for module in modules:
        args += ["--import", module]
    if root:
        args += ["--root", root]
    proc = run(ws, args)
    return proc, json.loads(proc.stdout)


class KeepSourceTest(u.WorkspaceTestCase):
    """One embedded target: the Python-2 file is kept in every mode."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        write_tree(cls.ws.join("src"), TREE)

    def build(self, mode, name):
        """Builds every format and a wheel (out/NAME/wheels) of |mode|."""
        outputs = [{"path": "out/%s/app%s" % (name, u.FORMATS[fmt]), "format": fmt}
                   for fmt in FORMATS]
        outputs.append({"path": "out/%s/wheels" % name, "format": "wheel",
                        "name": "app", "version": "1.0"})
        m = self.ws.write_manifest(u.manifest(
            [{"name": "app", "root": "src", "mode": mode,
              "on_compile_error": "keep-source"}], outputs), name + ".json")
        proc = run(self.ws, ["build", m, "--json"])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        return proc, self.ws.join("out", name)

    def test_every_mode_and_format_ships_the_file_as_source(self):
        for mode in COMPILED_MODES:
            with self.subTest(mode=mode):
                proc, out = self.build(mode, "keep-" + mode)
                self.assertRegex(proc.stderr, r"(?m)^src/app/legacy\.py:\d+:\d+: warning: "
                                              r"SyntaxError: .*\(kept as source")
                report = json.loads(proc.stdout)
                self.assertEqual([k["path"] for k in report["kept_sources"]],
                                 ["src/app/legacy.py"])
                self.assertEqual(report["kept_sources"][0]["targets"], ["embedded"])
                self.assertGreater(report["kept_sources"][0]["line"], 0)
                for fmt in FORMATS:
                    artifact = os.path.join(out, "app" + u.FORMATS[fmt])
                    root = self.ws.unpacked_read_only(artifact, fmt, mode + "-" + fmt)
                    self.check_tree(root)
                    proc, report = verify(self.ws, artifact, [sys.executable],
                                          ["app.good", "app.other"])
                    self.assertEqual(proc.returncode, 0, u.describe(proc))
                    self.assertEqual(report["interpreters"][0]["kept"], ["app/legacy.py"])
                self.check_wheel(out, mode)

    def check_wheel(self, out, mode):
        wheel = os.path.join(out, "wheels", "app-1.0-cp%d%d-none-any.whl"
                             % sys.version_info[:2])
        members, info = u.check_wheel(self, wheel, "app-1.0.dist-info")
        self.assertIn("app/legacy.py", members)
        self.assertEqual(pycs_of_names(members, "app/legacy.py"), [])
        self.assertTrue(pycs_of_names(members, "app/good.py"))
        kept = json.loads(info[KEPT_LIST])["kept"]
        self.assertEqual([k["path"] for k in kept], ["app/legacy.py"])
        self.check_tree(self.ws.unpacked_read_only(wheel, "zip", mode + "-wheel"))
        proc, _ = verify(self.ws, wheel, [sys.executable], ["app.good"])
        self.assertEqual(proc.returncode, 0, u.describe(proc))

    def check_tree(self, root):
        with open(os.path.join(root, "app/legacy.py")) as f:
            self.assertEqual(f.read(), LEGACY)
        self.assertEqual(pycs_of(root, "app/legacy.py"), [])
        if os.path.exists(os.path.join(root, KEPT_LIST)):
            self.assertEqual(list(kept_list(root)), ["app/legacy.py"])
        else:  # a wheel's is in its .dist-info
            self.assertEqual(list(kept_list(os.path.join(root, "app-1.0.dist-info"))),
                             ["app/legacy.py"])
        u.check_imports_from_pycs(self, root, {
            m: f for m, f in u.importable_modules(root).items() if m != "app.legacy"})

    def test_verify_still_finds_a_deleted_pyc(self):
        _, out = self.build("py+pyc-checked", "deleted")
        tree = self.ws.join("deleted-copy")
        shutil.copytree(os.path.join(out, "app"), tree)
        os.remove(os.path.join(tree, "app/__pycache__/other.%s.pyc" % u.CACHE_TAG))
        proc, report = verify(self.ws, tree, [sys.executable])
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        findings = report["interpreters"][0]["findings"]
        self.assertEqual([(f["path"], f["kind"]) for f in findings],
                         [("app/other.py", "missing")])
        notes = [n["path"] for n in report["interpreters"][0]["info"]]
        self.assertIn("app/legacy.py", notes)

    def test_nothing_to_keep_gives_the_bytes_of_a_strict_build(self):
        clean = self.ws.join("clean")
        write_tree(clean, {k: v for k, v in TREE.items() if k != "app/legacy.py"})
        digests = []
        for policy in ("fail", "keep-source"):
            m = self.ws.write_manifest(u.manifest(
                [{"name": "app", "root": "clean", "mode": "pyc-only",
                  "on_compile_error": policy}],
                [{"path": "out/clean-%s.tar.gz" % policy, "format": "tar.gz"}]),
                "clean-%s.json" % policy)
            proc = run(self.ws, ["build", m])
            self.assertEqual(proc.returncode, 0, u.describe(proc))
            digests.append(u.sha256_file(self.ws.join("out/clean-%s.tar.gz" % policy)))
        self.assertEqual(digests[0], digests[1])

    def test_fail_is_the_default(self):
        m = self.ws.write_manifest(u.manifest(
            [("app", "src")], [{"path": "out/strict.zip", "format": "zip"}]), "strict.json")
        proc = run(self.ws, ["build", m])
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertRegex(proc.stderr, r"(?m)^src/app/legacy\.py:\d+:\d+: SyntaxError: ")
        self.assertFalse(os.path.exists(self.ws.join("out/strict.zip")))


class PyOnlySyntaxCheckTest(u.WorkspaceTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        write_tree(cls.ws.join("src"), TREE)
        write_tree(cls.ws.join("clean"), {k: v for k, v in TREE.items()
                                          if k != "app/legacy.py"})

    def build(self, name, root="src", **settings):
        m = self.ws.write_manifest(u.manifest(
            [dict({"name": "app", "root": root, "mode": "py-only"}, **settings)],
            [{"path": "out/%s.tar.gz" % name, "format": "tar.gz"}]), name + ".json")
        return run(self.ws, ["build", m]), self.ws.join("out/%s.tar.gz" % name)

    def test_a_broken_source_fails_by_default(self):
        proc, artifact = self.build("default")
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertRegex(proc.stderr, r"(?m)^src/app/legacy\.py:\d+:\d+: SyntaxError: ")
        self.assertIn("pycpack: error: 1 file failed to compile", proc.stderr)
        self.assertFalse(os.path.exists(artifact))

    def test_keep_source_warns_and_ships_it(self):
        proc, artifact = self.build("keep", on_compile_error="keep-source")
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        self.assertRegex(proc.stderr, r"(?m)^src/app/legacy\.py:\d+:\d+: warning: SyntaxError")
        root = self.ws.unpacked_read_only(artifact, "tar.gz", "keep")
        self.assertEqual(list(kept_list(root)), ["app/legacy.py"])
        self.assertEqual(pycs_of(root, "app/legacy.py"), [])

    def test_check_off_passes_and_a_check_changes_no_byte(self):
        proc, _ = self.build("unchecked", check_syntax=False)
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        self.assertNotIn("warning", proc.stderr)
        proc, unchecked = self.build("clean-unchecked", root="clean", check_syntax=False)
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        proc, checked = self.build("clean-checked", root="clean")
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        self.assertIn("syntax checks", proc.stderr)
        self.assertEqual(u.sha256_file(checked), u.sha256_file(unchecked))


class TwoTargetsTest(u.WorkspaceTestCase):
    """py38 cannot compile the match statement, py312 can: the file is kept
    for both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        write_tree(cls.ws.join("src"), TREE)

    def setUp(self):
        self.found = {xy: u.pythons.find_one(xy) for xy in ("3.8", "3.12")}
        absent = [xy for xy, path in self.found.items() if not path]
        if absent:
            u.pythons.missing(absent, self)

    def build(self, mode):
        m = {"manifest_version": 1,
             "targets": [{"python": self.found["3.8"], "name": "py38"},
                         {"python": self.found["3.12"], "name": "py312"}],
             "defaults": {"on_compile_error": "keep-source"},
             "libraries": [{"name": "app", "root": "src", "mode": mode}],
             "outputs": [{"path": "out/%s.zip" % mode, "format": "zip"}]}
        proc = run(self.ws, ["build", self.ws.write_manifest(m, mode + ".json")])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        return proc, self.ws.join("out/%s.zip" % mode)

    def test_a_file_one_target_cannot_compile_gets_no_pyc_for_any(self):
        for mode in ("pyc-only", "py+pyc-checked"):
            with self.subTest(mode=mode):
                proc, artifact = self.build(mode)
                self.assertRegex(proc.stderr, r"(?m)^src/app/matcher\.py:\d+:\d+: warning: "
                                              r"SyntaxError: .*\[target py38\]")
                self.assertNotRegex(proc.stderr, r"matcher\.py.*\[target py312\]")
                root = self.ws.unpacked_read_only(artifact, "zip", mode)
                kept = kept_list(root)
                self.assertEqual(sorted(kept), ["app/legacy.py", "app/matcher.py"])
                self.assertEqual(kept["app/matcher.py"]["targets"], ["py38"])
                self.assertEqual(kept["app/legacy.py"]["targets"], ["py38", "py312"])
                with open(os.path.join(root, "app/matcher.py")) as f:
                    self.assertEqual(f.read(), MATCHER)
                self.assertEqual(pycs_of(root, "app/matcher.py"), [])
                self.assertTrue(pycs_of(root, "app/good.py"))
                self.check_imports(root)
                proc, _ = verify(self.ws, artifact, list(self.found.values()), ["app.good"])
                self.assertEqual(proc.returncode, 0, u.describe(proc))
                proc, _ = verify(self.ws, artifact, [self.found["3.12"]], ["app.matcher"])
                self.assertEqual(proc.returncode, 0, u.describe(proc))

    def check_imports(self, root):
        program = ("import app.good, app.other, app.matcher; "
                   "print(app.good.f(), app.matcher.kind(0))")
        proc = u.run_python(["-c", program], root, python=self.found["3.12"])
        self.assertEqual((proc.returncode, proc.stdout), (0, "good zero\n"), proc.stderr)
        proc = u.run_python(["-c", "import app.good; print(app.good.f())"], root,
                            python=self.found["3.8"])
        self.assertEqual((proc.returncode, proc.stdout), (0, "good\n"), proc.stderr)


class WheelInputTest(u.WorkspaceTestCase):
    """A library given as a wheel holding a broken file."""

    def test_the_broken_file_of_a_wheel_is_kept(self):
        wheel = self.ws.join("demo-1.0-py3-none-any.whl")
        files = {"demo/__init__.py": "X = 1\n", "demo/bad.py": LEGACY,
                 "demo-1.0.dist-info/METADATA":
                     "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"
                     "Summary: A demo\nDescription-Content-Type: text/plain\n\nA demo.\n",
                 "demo-1.0.dist-info/WHEEL":
                     "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
        files["demo-1.0.dist-info/RECORD"] = "".join(
            "%s,,\n" % n for n in sorted(files)) + "demo-1.0.dist-info/RECORD,,\n"
        with zipfile.ZipFile(wheel, "w") as zf:
            for name, text in files.items():
                zf.writestr(name, text)
        m = self.ws.write_manifest(u.manifest(
            [{"name": "demo", "wheel": wheel, "mode": "pyc-only",
              "on_compile_error": "keep-source"}],
            [{"path": "out/site", "format": "dir"},
             {"path": "out/wheels", "format": "wheel"}]))
        proc = run(self.ws, ["build", m])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        self.assertRegex(proc.stderr, r"demo-1\.0-py3-none-any\.whl!/demo/bad\.py:\d+:\d+: "
                                      r"warning: SyntaxError")
        site = self.ws.join("out/site")
        self.assertEqual(list(kept_list(site)), ["demo/bad.py"])
        files = {p: content for p, (_, _, content) in u.files_of(site).items()}
        record = files.pop("demo-1.0.dist-info/RECORD").decode("utf-8")
        shipped = {p: d for p, d in files.items() if p.startswith("demo")}
        u.check_record(self, "demo-1.0.dist-info/RECORD", record, shipped)
        self.assertNotIn("demo/bad.pyc", shipped)
        built = os.path.join(self.ws.join("out/wheels"),
                             os.listdir(self.ws.join("out/wheels"))[0])
        members, info = u.check_wheel(self, built, "demo-1.0.dist-info")
        self.assertIn("demo/bad.py", members)
        self.assertIn(KEPT_LIST, info)
        proc, _ = verify(self.ws, built, [sys.executable], ["demo"])
        self.assertEqual(proc.returncode, 0, u.describe(proc))


if __name__ == "__main__":
    unittest.main(verbosity=2)
