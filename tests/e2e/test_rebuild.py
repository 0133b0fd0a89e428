"""Rebuilding: artifacts are replaced wholesale, edited sources are
recompiled even when size and mtime are unchanged, and a file's pyc does
not depend on what else the build compiled."""

import os
import unittest

import e2e_util as u


class RebuildTest(unittest.TestCase):

    def setUp(self):
        self.ws = u.Workspace()
        self.src = self.ws.copy_testdata("src", "lib")
        self.manifest = self.ws.write_manifest(u.manifest(
            [("app", "lib")], u.all_format_outputs("out/app"),
            {"mode": "py+pyc-checked"}))

    def tearDown(self):
        self.ws.close()

    def build(self, path=None):
        proc = self.ws.run(["build", path or self.manifest])
        self.assertEqual(proc.returncode, 0, u.describe(proc))

    def unpacked_files(self, fmt):
        dest = self.ws.join("un-%s-%d" % (fmt, len(os.listdir(self.ws.path))))
        return u.files_of(u.unpack(self.ws.join("out/app" + u.FORMATS[fmt]),
                                   fmt, dest))

    def test_removed_source_disappears(self):
        self.build()
        os.remove(os.path.join(self.src, "shop/util/strings.py"))
        self.build()
        self.assertEqual(sorted(os.listdir(self.ws.join("out"))),
                         sorted("app" + s for s in u.FORMATS.values()))
        for fmt in u.FORMATS:
            with self.subTest(format=fmt):
                files = self.unpacked_files(fmt)
                self.assertIn("shop/util/crlf.py", files)
                self.assertFalse([p for p in files if "strings" in p])

    def test_edit_with_same_size_and_mtime_is_recompiled(self):
        path = os.path.join(self.src, "shop/util/a.b.py")
        self.build()
        st = os.stat(path)
        with open(path, "rb") as f:
            old = f.read()
        new = old.replace(b"dotted file name", b"DOTTED FILE NAME")
        self.assertEqual(len(new), len(old))
        with open(path, "wb") as f:
            f.write(new)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        self.build()
        for fmt in u.FORMATS:
            with self.subTest(format=fmt):
                files = self.unpacked_files(fmt)
                pyc = files["shop/util/__pycache__/a.b.%s.pyc" % u.CACHE_TAG]
                magic, flags, digest, code = u.split_pyc(pyc[2])
                self.assertEqual(code, u.expected_code(
                    new, "shop/util/a.b.py", 0))
                self.assertEqual(files["shop/util/a.b.py"][2], new)

    def test_pyc_independent_of_other_files_compiled(self):
        """One file alone, and the same file among all the others and
        after a different library, give the same pyc bytes."""
        alone = self.ws.write_manifest(u.manifest(
            [{"name": "app", "root": "lib",
              "include": ["shop/cart/pricing.py"]}],
            [{"path": "alone", "format": "dir"}],
            {"mode": "py+pyc-checked", "optimize": [0, 1, 2]}), "alone.json")
        crowd = self.ws.write_manifest(u.manifest(
            [{"name": "vendor", "root": os.path.join(u.TESTDATA, "vendor")},
             {"name": "app", "root": "lib"}],
            [{"path": "crowd", "format": "dir"}],
            {"mode": "py+pyc-checked", "optimize": [2, 1, 0]}), "crowd.json")
        self.build(alone)
        self.build(crowd)
        pycache = "shop/cart/__pycache__"
        names = os.listdir(self.ws.join("alone", pycache))
        self.assertEqual(len(names), 3)
        for name in names:
            with self.subTest(pyc=name):
                self.assertEqual(
                    u.snapshot(self.ws.join("alone", pycache, name)),
                    u.snapshot(self.ws.join("crowd", pycache, name)))


class OddPathsTest(unittest.TestCase):
    """Non-ASCII and long paths survive every format and still import."""

    LONG = "/".join(["segment_%02d_of_a_long_path" % i for i in range(6)])

    def test_non_ascii_and_long_paths(self):
        with u.Workspace() as ws:
            root = ws.join("lib")
            pkg = os.path.join(root, "deep", *self.LONG.split("/"))
            os.makedirs(pkg)
            for d in [os.path.join(root, "deep")] + [
                    os.path.join(root, "deep", *self.LONG.split("/")[:i])
                    for i in range(1, 7)]:
                open(os.path.join(d, "__init__.py"), "w").close()
            with open(os.path.join(pkg, "caf\u00e9.py"), "w",
                      encoding="utf-8") as f:
                f.write('WHERE = "deep caf\u00e9"\n')
            path = ws.write_manifest(u.manifest(
                [("lib", root)], u.all_format_outputs("out/app"),
                {"mode": "py+pyc-unchecked"}))
            proc = ws.run(["build", path])
            self.assertEqual(proc.returncode, 0, u.describe(proc))
            module = "deep." + self.LONG.replace("/", ".") + ".caf\u00e9"
            rel = "deep/%s/__pycache__/caf\u00e9.%s.pyc" % (self.LONG,
                                                           u.CACHE_TAG)
            self.assertGreater(len(rel.encode()), 155)
            for fmt, suffix in u.FORMATS.items():
                with self.subTest(format=fmt):
                    un = u.unpack(ws.join("out/app" + suffix), fmt,
                                  ws.join("un-" + fmt))
                    self.assertIn(rel, u.files_of(un))
                    proc = u.run_python(
                        ["-v", "-c", "import %s as m; print(m.WHERE)" % module],
                        pythonpath=un)
                    self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])
                    self.assertEqual(proc.stdout, "deep caf\u00e9\n")
                    self.assertIn(os.path.join(un, rel),
                                  u.code_object_sources(proc.stderr))


if __name__ == "__main__":
    unittest.main()
