"""What an artifact holds: exactly the expected files and directories for each
mode and format, copies byte-identical with their modes, odd file names,
no input __pycache__ or stray .pyc; mode precedence; output selection."""

import os
import tempfile
import unittest

import e2e_util as u

SRC = os.path.join(u.TESTDATA, "src")
VENDOR = os.path.join(u.TESTDATA, "vendor")
STRAYS = {
    "shop/__pycache__/__init__.cpython-311.pyc",
    "shop/util/__pycache__/x.cpython-311.pyc",
    "shop/old.pyc",
}


class LayoutTestBase(u.WorkspaceTestCase):

    def build(self, name, libraries, outputs, defaults=None, args=(),
              expect_ok=True):
        path = self.ws.write_manifest(
            u.manifest(libraries, outputs, defaults), name + "/manifest.json")
        proc = self.ws.run(["build", path] + list(args))
        if expect_ok:
            self.assertEqual(proc.returncode, 0, u.describe(proc))
        return os.path.dirname(path), proc

    def unpacked(self, base, rel_path, fmt):
        """Unpacks artifact |rel_path| (below |base|) into a new directory."""
        os.makedirs(os.path.join(base, "unpacked"), exist_ok=True)
        dest = tempfile.mkdtemp(prefix=rel_path.replace("/", "_") + "-",
                                dir=os.path.join(base, "unpacked"))
        os.rmdir(dest)
        return u.unpack(os.path.join(base, rel_path), fmt, dest)

    def assert_layout(self, root, expected):
        """|root| holds exactly |expected| ({path: (src, kind, level)}) and
        the directories above those files; copies are byte-identical and
        keep the executable bit; directories are 0755."""
        got = u.tree(root)
        want_dirs = u.parent_dirs(expected)
        self.assertEqual({p for p, v in got.items() if v[0] == "dir"},
                         want_dirs)
        self.assertEqual({p for p, v in got.items() if v[0] == "file"},
                         set(expected))
        for path in want_dirs:
            self.assertEqual(got[path][1], 0o755, path)
        for path, (src, kind, _) in expected.items():
            _, mode, data = got[path]
            if kind == "copy":
                with open(src, "rb") as f:
                    self.assertEqual(data, f.read(), path)
                want = 0o755 if os.stat(src).st_mode & 0o100 else 0o644
                self.assertEqual(mode, want, path)
            else:
                self.assertIn(mode, (0o644, 0o755), path)


class ExactLayoutTest(LayoutTestBase):
    """For each mode, every format holds exactly the expected tree."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.results = {}
        for mode in u.MODES:
            path = cls.ws.write_manifest(u.manifest(
                [("app", SRC), ("vendor", VENDOR)],
                u.all_format_outputs("out/app")), mode + "/manifest.json")
            proc = cls.ws.run(["build", path, "--force-mode", mode])
            cls.results[mode] = (os.path.dirname(path), proc)

    def check_mode(self, mode):
        base, proc = self.results[mode]
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        expected = u.expected_files([SRC, VENDOR], mode)
        for fmt, suffix in u.FORMATS.items():
            with self.subTest(format=fmt):
                root = self.unpacked(base, "out/app" + suffix, fmt)
                self.assert_layout(root, expected)
                files = u.files_of(root)
                for stray in STRAYS & set(files):
                    with open(os.path.join(SRC, stray), "rb") as f:
                        self.assertNotEqual(files[stray][2], f.read(), stray)

    def test_py_only(self):
        self.check_mode("py-only")

    def test_pyc_only(self):
        self.check_mode("pyc-only")

    def test_py_pyc_checked(self):
        self.check_mode("py+pyc-checked")

    def test_py_pyc_unchecked(self):
        self.check_mode("py+pyc-unchecked")

    def test_odd_files(self):
        base, proc = self.results["py+pyc-checked"]
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        files = u.files_of(self.unpacked(base, "out/app.zip", "zip"))
        self.assertIn("shop/util/__pycache__/a.b.%s.pyc" % u.CACHE_TAG, files)
        self.assertNotIn("shop/util/__pycache__/a.%s.pyc" % u.CACHE_TAG,
                         files)
        for name in u.DATA_FILES:
            self.assertIn(name, files)
        self.assertEqual(files["shop/py.typed"][2], b"")
        self.assertEqual(files["shop/tools/run.py"][1], 0o755)
        self.assertFalse(any(p.startswith("nsplugins/__init__")
                             or p.startswith("nsplugins/extra/__init__")
                             for p in files), "namespace package got an init")
        self.assertNotIn("shop/old.pyc", files)
        self.assertNotIn("shop/util/__pycache__/x.cpython-311.pyc", files)
        base, proc = self.results["pyc-only"]
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        files = u.files_of(self.unpacked(base, "out/app.tar", "tar"))
        self.assertIn("shop/util/a.b.pyc", files)
        self.assertIn("shop/cart/pricing.pyi", files)


class ModePrecedenceTest(LayoutTestBase):
    """--force-mode > library mode > defaults.mode > built-in default."""

    LIBS = [{"name": "app", "root": SRC, "mode": "pyc-only"},
            {"name": "vendor", "root": VENDOR, "mode": "inherit"}]
    OUT = [{"path": "out/app.tar", "format": "tar"}]

    def layout(self, name, libs, defaults, args, app_mode, vendor_mode):
        base, _ = self.build(name, libs, self.OUT, defaults, args)
        expected = u.expected_files([SRC], app_mode)
        expected.update(u.expected_files([VENDOR], vendor_mode))
        self.assert_layout(self.unpacked(base, "out/app.tar", "tar"),
                           expected)

    def test_library_mode_and_inherited_default(self):
        self.layout("lib", self.LIBS, {"mode": "py-only"}, [],
                    "pyc-only", "py-only")

    def test_builtin_default(self):
        self.layout("builtin", self.LIBS, None, [],
                    "pyc-only", "py+pyc-checked")

    def test_force_mode_overrides_everything(self):
        self.layout("force", self.LIBS, {"mode": "py-only"},
                    ["--force-mode", "py+pyc-unchecked"],
                    "py+pyc-unchecked", "py+pyc-unchecked")

    def test_retain_sources(self):
        self.layout("retain", self.LIBS, {"mode": "py-only"},
                    ["--retain-sources"], "py+pyc-unchecked", "py-only")

    def test_force_pyc_only_with_retain_sources(self):
        self.layout("force-retain", self.LIBS, {"mode": "py-only"},
                    ["--force-mode", "pyc-only", "--retain-sources"],
                    "py+pyc-unchecked", "py+pyc-unchecked")


class OutputSelectionTest(LayoutTestBase):

    def test_libraries_subset_and_prefix(self):
        outputs = [
            {"path": "out/vendor.zip", "format": "zip",
             "libraries": ["vendor"]},
            {"path": "out/app.tar.gz", "format": "tar.gz",
             "prefix": "opt/app/"},
            {"path": "out/app-dir", "format": "dir", "prefix": "opt/app/",
             "libraries": ["app"]},
        ]
        base, _ = self.build("select", [("app", SRC), ("vendor", VENDOR)],
                             outputs, {"mode": "py+pyc-unchecked"})
        self.assert_layout(self.unpacked(base, "out/vendor.zip", "zip"),
                           u.expected_files([VENDOR], "py+pyc-unchecked"))
        self.assert_layout(
            self.unpacked(base, "out/app.tar.gz", "tar.gz"),
            u.expected_files([SRC, VENDOR], "py+pyc-unchecked",
                             prefix="opt/app/"))
        self.assert_layout(
            self.unpacked(base, "out/app-dir", "dir"),
            u.expected_files([SRC], "py+pyc-unchecked", prefix="opt/app/"))

    def test_include_and_exclude(self):
        libs = [{"name": "app", "root": SRC, "include": ["shop/**"],
                 "exclude": ["**/tools/**", "**/*.json"]}]
        base, _ = self.build("globs", libs,
                             [{"path": "out/app", "format": "dir"}],
                             {"mode": "py-only"})
        expected = {p: v for p, v in u.expected_files([SRC], "py-only").items()
                    if p.startswith("shop/") and "/tools/" not in p
                    and not p.endswith(".json")}
        self.assertIn("shop/util/strings.py", expected)
        self.assert_layout(self.unpacked(base, "out/app", "dir"), expected)

    def test_relative_outputs_resolve_against_manifest_dir(self):
        path = self.ws.write_manifest(
            u.manifest([("app", "../lib")],
                       [{"path": "dist/app.zip", "format": "zip"}],
                       {"mode": "py-only"}), "nested/m/manifest.json")
        lib = self.ws.copy_testdata("vendor", "nested/lib")
        proc = self.ws.run(["build", os.path.relpath(path, self.ws.path)],
                           cwd=self.ws.path)
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        artifact = self.ws.join("nested/m/dist/app.zip")
        self.assertTrue(os.path.isfile(artifact))
        self.assertFalse(os.path.exists(self.ws.join("dist")))
        self.assert_layout(u.unpack(artifact, "zip", self.ws.join("rel-un")),
                           u.expected_files([lib], "py-only"))


if __name__ == "__main__":
    unittest.main()
