"""Every mode x format: the artifact imports on a read-only copy, and each
compiled module's code object comes from the pyc pycpack wrote."""

import importlib.util
import os
import unittest

import e2e_util as u

ROOTS = [os.path.join(u.TESTDATA, "src"), os.path.join(u.TESTDATA, "vendor")]


def cached_pyc(path, level):
    return importlib.util.cache_from_source(
        path, optimization="" if level == 0 else level)


class ModeFormatTest(unittest.TestCase):
    """Builds testdata/src + testdata/vendor once per mode (--force-mode),
    all five formats per build."""

    @classmethod
    def setUpClass(cls):
        cls.ws = u.Workspace()
        path = cls.ws.write_manifest(u.manifest(
            [("app", os.path.join(u.TESTDATA, "src")),
             ("vendor", os.path.join(u.TESTDATA, "vendor"))],
            u.all_format_outputs("app")))
        cls.manifest = path
        cls.builds = cls.ws.build_each_mode(path)

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def artifact(self, mode, fmt):
        return u.built_artifact(self, self.builds, mode, fmt)

    def unpacked_read_only(self, mode, fmt):
        return self.ws.unpacked_read_only(self.artifact(mode, fmt), fmt,
                                          "%s-%s" % (mode, fmt))

    def check_loaded(self, mode, root, result, sources):
        for name, rel in u.MODULES.items():
            info = result["modules"][name]
            src = os.path.join(root, rel)
            if mode == "py-only":
                self.assertEqual(info["file"], src)
                self.assertIn(src, sources, name + " not compiled from source")
                self.assertEqual(info["loader"], "SourceFileLoader")
            elif mode == "pyc-only":
                pyc = src[:-3] + ".pyc"
                self.assertEqual(info["file"], pyc)
                self.assertIn(pyc, sources, name + " not loaded from pyc")
                self.assertEqual(info["loader"], "SourcelessFileLoader")
            else:
                self.assertEqual(info["file"], src)
                self.assertIn(cached_pyc(src, 0), sources,
                              name + " not loaded from its cached pyc")
                self.assertNotIn(src, sources, name + " compiled from source")
                self.assertEqual(info["loader"], "SourceFileLoader")

    def check_values(self, mode, root, result, sources):
        values = result["values"]
        for key in ("latin1", "crlf_text", "crlf_joined", "bom", "hello",
                    "dotted", "tinyjson", "run_main"):
            self.assertEqual(values[key], u.EXPECTED_VALUES[key], key)
        self.assertIsNone(values["ns_file"], "nsplugins is not a namespace")
        self.assertTrue(values["assert_raised"])
        self.assertIsNotNone(values["docs"][0])
        dotted = os.path.join(root, "shop/util/a.b.py")
        if mode == "pyc-only":
            self.assertEqual(values["dotted_loader"], "SourcelessFileLoader")
            self.assertIn(dotted[:-3] + ".pyc", sources)
        elif mode == "py-only":
            self.assertIn(dotted, sources)
        else:
            self.assertIn(os.path.join(
                root, "shop/util/__pycache__/a.b.%s.pyc" % u.CACHE_TAG),
                sources)

    def check_files_present(self, mode, root):
        files = u.files_of(root)
        pycs = [p for p in files if p.endswith(".pyc")]
        pys = [p for p in files if p.endswith(".py")]
        if mode == "py-only":
            self.assertEqual(pycs, [])
            self.assertFalse(any("__pycache__" in p for p in u.tree(root)))
        if mode == "pyc-only":
            self.assertEqual(pys, [])
            self.assertFalse(any("__pycache__" in p for p in u.tree(root)))

    def check(self, mode, fmt):
        root = self.unpacked_read_only(mode, fmt)
        before = u.tree(root)
        self.check_files_present(mode, root)
        result, sources = u.run_probe(root, list(u.MODULES))
        self.check_loaded(mode, root, result, sources)
        self.check_values(mode, root, result, sources)
        self.assertEqual(u.tree(root), before, "importing wrote to the tree")


def _add_case(mode, fmt):
    def test(self):
        self.check(mode, fmt)
    name = "test_%s_%s" % (mode, fmt)
    for ch in "+-.":
        name = name.replace(ch, "_")
    setattr(ModeFormatTest, name, test)


for _mode in u.MODES:
    for _fmt in u.FORMATS:
        _add_case(_mode, _fmt)


class OptimizeLevelsTest(u.WorkspaceTestCase):
    """optimize [0, 1, 2]: plain, -O and -OO runs each use their own pyc."""

    def build(self, name, mode, levels, fmt="zip", extra_args=()):
        path = self.ws.write_manifest(u.manifest(
            [{"name": "app", "root": os.path.join(u.TESTDATA, "src"),
              "mode": mode, "optimize": levels}],
            [{"path": "out/%s%s" % (name, u.FORMATS[fmt]), "format": fmt}]),
            name + ".json")
        proc = self.ws.run(["build", path] + list(extra_args))
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        return self.ws.unpacked_read_only(
            self.ws.join("out", name + u.FORMATS[fmt]), fmt, name)

    def check_level_run(self, root, level, modules):
        flags = ["", "-O", "-OO"][level]
        result, sources = u.run_probe(root, modules, [flags] if flags else [])
        for name in modules:
            src = os.path.join(root, u.MODULES[name])
            self.assertIn(cached_pyc(src, level), sources,
                          "%s with %r" % (name, flags))
            self.assertNotIn(src, sources)
        values = result["values"]
        # -O drops asserts; -OO also docstrings. The pyc must match.
        self.assertEqual(values["assert_raised"], level == 0)
        self.assertEqual(values["docs"][0] is None, level == 2)

    def test_levels_checked_and_unchecked(self):
        modules = [m for m in u.MODULES if not m.startswith("tinyjson")]
        for mode in ("py+pyc-checked", "py+pyc-unchecked"):
            with self.subTest(mode=mode):
                root = self.build("levels-" + mode, mode, [0, 1, 2])
                for level in (0, 1, 2):
                    self.check_level_run(root, level, modules)

    def test_pyc_only_level_2_used_without_flags(self):
        root = self.build("pyconly-2", "pyc-only", [2], fmt="tar.gz")
        modules = ["shop.cart.pricing", "shop.util.strings"]
        result, sources = u.run_probe(root, modules)
        for name in modules:
            self.assertIn(os.path.join(root, u.MODULES[name])[:-3] + ".pyc",
                          sources)
        self.assertFalse(result["values"]["assert_raised"])
        self.assertIsNone(result["values"]["docs"][0])

    def test_retain_sources_makes_unchecked_layout(self):
        root = self.build("retain", "pyc-only", [1], fmt="tar",
                          extra_args=["--retain-sources"])
        modules = ["shop", "shop.cart.pricing", "nsplugins.extra.hello"]
        result, sources = u.run_probe(root, modules, ["-O"])
        for name in modules:
            src = os.path.join(root, u.MODULES[name])
            self.assertTrue(os.path.exists(src), src)
            pyc = cached_pyc(src, 1)
            self.assertIn(pyc, sources)
            with open(pyc, "rb") as f:
                self.assertEqual(u.split_pyc(f.read())[1], 0b01)
        self.assertFalse(os.path.exists(
            os.path.join(root, "shop/cart/pricing.pyc")))


if __name__ == "__main__":
    unittest.main()
