"""The content of every pyc: header (PEP 552), source hash, code object equal
to CPython's own compile(), co_filename; strip_docstrings; source_path."""

import importlib.util
import os
import unittest

import e2e_util as u

SRC = os.path.join(u.TESTDATA, "src")
VENDOR = os.path.join(u.TESTDATA, "vendor")


class PycTestBase(u.WorkspaceTestCase):

    def build_dir(self, name, libraries, defaults=None, extra_args=(),
                  output_extra=None):
        """Builds |libraries| into a dir artifact; returns its path."""
        out = {"path": "out/" + name, "format": "dir"}
        out.update(output_extra or {})
        path = self.ws.write_manifest(
            u.manifest(libraries, [out], defaults), name + ".json")
        proc = self.ws.run(["build", path] + list(extra_args))
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        return self.ws.join("out", name)

    def check_pycs(self, artifact, roots, mode, levels, dfile_prefix="",
                   strip=False):
        """Every pyc expected for |roots| is present with the right header and
        code; no other pyc is present. |dfile_prefix|: the co_filename prefix,
        or a dict {root: prefix}."""
        expected = u.expected_files(roots, mode, levels)
        files = u.files_of(artifact)
        want = {p for p, v in expected.items() if v[1] == "pyc"}
        have = {p for p in files if p.endswith(".pyc")}
        self.assertEqual(have, want)
        flags = 0b11 if mode == "py+pyc-checked" else 0b01
        for path in sorted(want):
            src, _, level = expected[path]
            with open(src, "rb") as f:
                source = f.read()
            root, rel = self.relative_to_root(src, roots)
            prefix = (dfile_prefix.get(root, "")
                      if isinstance(dfile_prefix, dict) else dfile_prefix)
            dfile = prefix + rel
            with self.subTest(pyc=path):
                self.check_one(files[path][2], source, dfile, level, flags,
                               strip)

    @staticmethod
    def relative_to_root(src, roots):
        for root in roots:
            if src.startswith(root + os.sep):
                return root, os.path.relpath(src, root).replace(os.sep, "/")
        raise AssertionError(src)

    def check_one(self, data, source, dfile, level, flags, strip):
        magic, got_flags, got_hash, code = u.split_pyc(data)
        self.assertEqual(magic, u.MAGIC)
        self.assertEqual(got_flags, flags)
        self.assertEqual(got_hash, importlib.util.source_hash(source))
        if not strip:
            self.assertEqual(code, u.expected_code(source, dfile, level))
        for nested in u.iter_code(code):
            self.assertEqual(nested.co_filename, dfile, nested.co_name)


class PycContentTest(PycTestBase):

    def test_py_pyc_checked_all_levels(self):
        art = self.build_dir("checked", [("app", SRC), ("vendor", VENDOR)],
                             {"mode": "py+pyc-checked", "optimize": [0, 1, 2]})
        self.check_pycs(art, [SRC, VENDOR], "py+pyc-checked", [0, 1, 2])

    def test_py_pyc_unchecked_all_levels(self):
        art = self.build_dir("unchecked", [("app", SRC), ("vendor", VENDOR)],
                             {"mode": "py+pyc-unchecked",
                              "optimize": [2, 0, 1]})
        self.check_pycs(art, [SRC, VENDOR], "py+pyc-unchecked", [0, 1, 2])

    def test_pyc_only_each_level(self):
        for level in (0, 1, 2):
            with self.subTest(level=level):
                art = self.build_dir(
                    "pyconly-%d" % level, [("app", SRC), ("vendor", VENDOR)],
                    {"mode": "pyc-only", "optimize": [level]})
                self.check_pycs(art, [SRC, VENDOR], "pyc-only", [level])

    def test_builtin_default_mode_is_py_pyc_checked(self):
        art = self.build_dir("default", [("app", SRC)])
        self.check_pycs(art, [SRC], "py+pyc-checked", [0])

    def test_output_prefix_does_not_change_co_filename(self):
        art = self.build_dir("prefixed", [("app", SRC)],
                             {"mode": "py+pyc-unchecked"},
                             output_extra={"prefix": "opt/app/"})
        self.assertEqual(os.listdir(art), ["opt"])
        self.check_pycs(os.path.join(art, "opt", "app"), [SRC],
                        "py+pyc-unchecked", [0])


class SourcePathTest(PycTestBase):

    def test_prefix_source_path(self):
        art = self.build_dir(
            "var-task", [("app", SRC), ("vendor", VENDOR)],
            {"mode": "pyc-only", "source_path": {"prefix": "/var/task/"}})
        self.check_pycs(art, [SRC, VENDOR], "pyc-only", [0],
                        dfile_prefix="/var/task/")
        result, _ = u.run_probe(art, ["shop.cart.pricing"])
        self.assertEqual(result["values"]["assert_file"],
                         "/var/task/shop/cart/pricing.py")

    def test_library_source_path_overrides_default(self):
        art = self.build_dir(
            "lib-prefix",
            [{"name": "app", "root": SRC,
              "source_path": {"prefix": "site/"}},
             {"name": "vendor", "root": VENDOR}],
            {"mode": "py+pyc-checked"})
        self.check_pycs(art, [SRC, VENDOR], "py+pyc-checked", [0],
                        dfile_prefix={SRC: "site/"})

    def test_relative_source_path_has_no_machine_path(self):
        copy = self.ws.copy_testdata("src", "relative-src")
        art = self.build_dir("relative", [("app", copy)],
                             {"mode": "pyc-only"})
        self.check_pycs(art, [copy], "pyc-only", [0])
        for path, (_, _, data) in u.files_of(art).items():
            for needle in (self.ws.path, u.SOURCE_DIR, u.TESTDATA):
                self.assertNotIn(needle.encode(), data, path)
        result, _ = u.run_probe(art, ["shop.cart.pricing"])
        self.assertEqual(result["values"]["assert_file"],
                         "shop/cart/pricing.py")


class StripDocstringsTest(PycTestBase):

    def test_strip_docstrings_keeps_asserts(self):
        art = self.build_dir("strip", [("app", SRC)],
                             {"mode": "py+pyc-checked",
                              "strip_docstrings": True})
        self.check_pycs(art, [SRC], "py+pyc-checked", [0], strip=True)
        ro = u.read_only_copy(art, self.ws.join("strip-ro"))
        result, sources = u.run_probe(ro, ["shop", "shop.cart.pricing",
                                           "shop.util.strings"])
        self.assertIn(importlib.util.cache_from_source(
            os.path.join(ro, "shop/cart/pricing.py")), sources)
        values = result["values"]
        self.assertEqual(values["docs"], [None] * 6)
        for name in ("shop", "shop.cart.pricing", "shop.util.strings"):
            self.assertIsNone(result["modules"][name]["doc"], name)
        self.assertTrue(values["assert_raised"])
        self.assertIsNone(values["noop"])
        pyc = u.files_of(art)["shop/cart/__pycache__/pricing.%s.pyc"
                              % u.CACHE_TAG][2]
        self.assertNotIn(b"Pricing rules for carts", pyc)
        self.assertNotIn(b"Only a docstring", pyc)
        self.assertIn(b"expected a positive amount", pyc)

    def test_strip_docstrings_per_library(self):
        art = self.build_dir(
            "strip-lib",
            [{"name": "app", "root": SRC},
             {"name": "vendor", "root": VENDOR, "strip_docstrings": True}],
            {"mode": "pyc-only"})
        result, _ = u.run_probe(art, ["shop", "tinyjson", "tinyjson.decoder"])
        self.assertIsNotNone(result["modules"]["shop"]["doc"])
        self.assertIsNone(result["modules"]["tinyjson"]["doc"])
        self.assertIsNone(result["modules"]["tinyjson.decoder"]["doc"])


if __name__ == "__main__":
    unittest.main()
