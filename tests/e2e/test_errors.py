"""Failing builds: compile errors in testdata/broken, warnings, invalid
manifests, bad usage, unsafe symlinks, I/O failures. A failed build writes
nothing and leaves an earlier artifact untouched."""

import json
import os
import re
import unittest

import e2e_util as u

BROKEN = os.path.join(u.TESTDATA, "broken")
SRC = os.path.join(u.TESTDATA, "src")

# Broken file (relative to its root) -> (allowed lines, allowed exception
# names, column or None, text the message must contain). See
# testdata/README.md.
EXPECTED_BROKEN = {
    "pkg/syntax_error.py": ({7}, {"SyntaxError"}, 12, "invalid syntax"),
    "pkg/bad_indent.py": ({5}, {"IndentationError"}, 8, "unexpected indent"),
    "bad_cookie.py": ({0, 1}, {"SyntaxError", "LookupError"}, None,
                      "klingon"),
    "pkg/deep/bad_utf8.py": ({3}, {"SyntaxError", "UnicodeDecodeError"},
                             None, "utf-8"),
    "null_byte.py": ({0, 3}, {"ValueError", "SyntaxError"}, None,
                     "null bytes"),
}
GOOD_IN_BROKEN = ["good.py", "pkg/__init__.py", "pkg/fine.py"]
# "path:line:col: Kind: message", or "path: Kind: message" without a position.
DIAGNOSTIC = re.compile(
    r"^(?P<path>.+?)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<kind>\w+): "
    r"(?P<message>.*)$")
WARNING = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): warning: SyntaxWarning: "
    r"(?P<message>.*)$")


def names_file(path, rel):
    return path == rel or path.endswith("/" + rel)


def parse_diagnostics(stderr, pattern=DIAGNOSTIC):
    return [m.groupdict() for m in map(pattern.match, stderr.splitlines())
            if m]


class ErrorTestBase(unittest.TestCase):

    def setUp(self):
        self.ws = u.Workspace()

    def tearDown(self):
        self.ws.close()

    def write(self, name, libraries, outputs, defaults=None):
        return self.ws.write_manifest(
            u.manifest(libraries, outputs, defaults), name)


class BrokenTreeTest(ErrorTestBase):

    def check_broken_report(self, proc):
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertEqual(proc.stdout, "")
        diags = parse_diagnostics(proc.stderr)
        for rel, (lines, kinds, col, text) in EXPECTED_BROKEN.items():
            found = [d for d in diags if names_file(d["path"], rel)]
            self.assertEqual(len(found), 1, "%s reported %d times:\n%s" % (
                rel, len(found), proc.stderr))
            d = found[0]
            self.assertIn(int(d["line"] or 0), lines, rel)
            self.assertIn(d["kind"], kinds, rel)
            if col is not None:
                self.assertEqual(int(d["col"]), col, rel)
            self.assertIn(text.lower(), d["message"].lower(), rel)
        for rel in GOOD_IN_BROKEN:
            self.assertFalse(any(names_file(d["path"], rel) for d in diags),
                             rel + " reported as broken")

    def test_every_broken_file_reported_nothing_written(self):
        for mode in ("py+pyc-checked", "pyc-only", "py+pyc-unchecked"):
            with self.subTest(mode=mode):
                path = self.write(mode + "/manifest.json",
                                  [("broken", BROKEN)],
                                  u.all_format_outputs("out/app"),
                                  {"mode": mode})
                proc = self.ws.run(["build", path])
                self.check_broken_report(proc)
                self.assertEqual(u.listing(os.path.dirname(path)),
                                 ["manifest.json"])

    def test_every_broken_file_reported_with_workers(self):
        if not u.parallel_args():
            self.skipTest("pycpack build has no --jobs")
        path = self.write("manifest.json", [("broken", BROKEN)],
                          [{"path": "out/app.zip", "format": "zip"}])
        proc = self.ws.run(["build", path] + u.parallel_args())
        self.check_broken_report(proc)
        self.assertFalse(os.path.exists(self.ws.join("out")))

    def test_diagnostic_path_names_relative_file(self):
        path = self.write("manifest.json", [("broken", BROKEN)],
                          [{"path": "out/app.zip", "format": "zip"}])
        proc = self.ws.run(["build", path], cwd=self.ws.path)
        self.check_broken_report(proc)
        for d in parse_diagnostics(proc.stderr):
            self.assertFalse(d["path"].startswith(self.ws.path), d["path"])

    def test_old_artifacts_untouched(self):
        outputs = u.all_format_outputs("out/app")
        good = self.write("good.json", [("app", SRC)], outputs)
        bad = self.write("bad.json", [("app", BROKEN)], outputs)
        proc = self.ws.run(["build", good])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        out = self.ws.join("out")
        before = {name: u.snapshot(os.path.join(out, name))
                  for name in os.listdir(out)}
        self.assertEqual(len(before), len(u.FORMATS))
        proc = self.ws.run(["build", bad])
        self.check_broken_report(proc)
        self.assertEqual(sorted(os.listdir(out)), sorted(before))
        for name, snap in before.items():
            self.assertEqual(u.snapshot(os.path.join(out, name)), snap, name)

    def test_force_mode_and_quiet_still_report(self):
        path = self.write("manifest.json", [("broken", BROKEN)],
                          [{"path": "out/app.tar", "format": "tar"}],
                          {"mode": "py-only"})
        proc = self.ws.run(["build", path, "-q", "--force-mode", "pyc-only"])
        self.check_broken_report(proc)
        self.assertFalse(os.path.exists(self.ws.join("out")))


class WarningTest(ErrorTestBase):

    def test_syntax_warning_is_not_fatal(self):
        path = self.write("manifest.json",
                          [("w", os.path.join(u.TESTDATA, "warnings"))],
                          [{"path": "out/w.zip", "format": "zip"}],
                          {"mode": "pyc-only"})
        proc = self.ws.run(["build", path])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        warnings = [w for w in parse_diagnostics(proc.stderr, WARNING)
                    if names_file(w["path"], "chatty.py")]
        self.assertEqual(len(warnings), 1, proc.stderr)
        self.assertEqual(warnings[0]["line"], "5")
        self.assertIn('"is" with a literal', warnings[0]["message"])
        self.assertNotIn("quiet.py", proc.stderr)
        files = u.files_of(u.unpack(self.ws.join("out/w.zip"), "zip",
                                    self.ws.join("un")))
        self.assertEqual(set(files), {"chatty.pyc", "quiet.pyc"})


# (case name, manifest (dict or text), texts stderr must contain)
def _lib(**extra):
    return dict({"name": "app", "root": "src"}, **extra)


_OUT = [{"path": "out/app.tar", "format": "tar"}]
_V = {"manifest_version": 1}
MANIFEST_CASES = [
    ("unknown_mode", dict(_V, libraries=[_lib(mode="pyc")], outputs=_OUT),
     ["libraries[0].mode", "pyc"]),
    ("second_library_mode",
     dict(_V, libraries=[_lib(), _lib(name="b", mode="py+pyc")],
          outputs=_OUT), ["libraries[1].mode"]),
    ("unknown_format",
     dict(_V, libraries=[_lib()],
          outputs=[{"path": "out/app.tar.bz2", "format": "tar.bz2"}]),
     ["outputs[0].format", "tar.bz2"]),
    ("optimize_wrong_type",
     dict(_V, defaults={"optimize": "2"}, libraries=[_lib()], outputs=_OUT),
     ["defaults.optimize"]),
    ("optimize_out_of_range",
     dict(_V, libraries=[_lib(optimize=[0, 3])], outputs=_OUT),
     ["libraries[0].optimize"]),
    ("unknown_top_level_key",
     dict(_V, librarys=[], libraries=[_lib()], outputs=_OUT), ["librarys"]),
    ("unknown_library_key",
     dict(_V, libraries=[_lib(rooot="x")], outputs=_OUT),
     ["libraries[0]", "rooot"]),
    ("unsupported_version",
     {"manifest_version": 2, "libraries": [_lib()], "outputs": _OUT},
     ["manifest_version"]),
    ("pyc_only_two_levels",
     dict(_V, libraries=[_lib(mode="pyc-only", optimize=[0, 1])],
          outputs=_OUT), ["libraries[0]"]),
    ("output_unknown_library",
     dict(_V, libraries=[_lib()],
          outputs=[{"path": "out/a.zip", "format": "zip",
                    "libraries": ["nope"]}]),
     ["outputs[0].libraries", "nope"]),
    ("bad_source_path",
     dict(_V, defaults={"source_path": {"prefx": "/x/"}}, libraries=[_lib()],
          outputs=_OUT), ["defaults.source_path"]),
    ("absolute_output_prefix",
     dict(_V, libraries=[_lib()],
          outputs=[{"path": "out/a.zip", "format": "zip",
                    "prefix": "/opt/app/"}]), ["outputs[0].prefix"]),
    ("escaping_output_prefix",
     dict(_V, libraries=[_lib()],
          outputs=[{"path": "out/a.zip", "format": "zip",
                    "prefix": "opt/../../x/"}]), ["outputs[0].prefix"]),
    ("absolute_include_glob",
     dict(_V, libraries=[_lib(include=["/abs/**"])], outputs=_OUT),
     ["libraries[0].include"]),
    ("json_syntax_error",
     '{"manifest_version": 1,\n "libraries": [\n}\n', ["manifest.json"]),
]


class ManifestErrorTest(ErrorTestBase):

    def check_case(self, name, manifest, needles):
        d = "case-" + name
        self.ws.copy_testdata("vendor", d + "/src")
        path = self.ws.write_manifest(manifest, d + "/manifest.json")
        proc = self.ws.run(["build", path, "--output-dir",
                            self.ws.join(d, "elsewhere")])
        self.assertEqual(proc.returncode, 2, u.describe(proc))
        self.assertEqual(proc.stdout, "")
        lines = [l for l in proc.stderr.splitlines()
                 if l.startswith("pycpack: error: ")]
        self.assertTrue(lines, proc.stderr)
        for needle in needles:
            self.assertIn(needle, proc.stderr)
        self.assertEqual(u.listing(self.ws.join(d)), ["manifest.json", "src"])

    def test_invalid_manifests(self):
        for name, manifest, needles in MANIFEST_CASES:
            with self.subTest(case=name):
                self.check_case(name, manifest, needles)

    def test_json_error_output(self):
        _, manifest, _ = MANIFEST_CASES[0]
        path = self.ws.write_manifest(manifest)
        proc = self.ws.run(["build", path, "--json"])
        self.assertEqual(proc.returncode, 2, u.describe(proc))
        report = json.loads(proc.stdout)
        self.assertEqual(report["status"], "error")
        self.assertEqual(report["exit_code"], 2)
        self.assertIn("libraries[0].mode", report["error"])


class UsageErrorTest(ErrorTestBase):

    def check_usage(self, args):
        proc = self.ws.run(args, cwd=self.ws.path)
        self.assertEqual(proc.returncode, 2, u.describe(proc))
        self.assertEqual(proc.stdout, "")
        self.assertRegex(proc.stderr, r"(?m)^pycpack: error: ")
        self.assertEqual(sorted(os.listdir(self.ws.path)), ["manifest.json"])

    def test_bad_command_lines(self):
        self.write("manifest.json", [("app", SRC)], _OUT)
        for args in (["build"], ["frobnicate"],
                     ["build", "manifest.json", "--force-mode", "bogus"],
                     ["build", "manifest.json", "--no-such-flag"],
                     ["build", "manifest.json", "other.json"]):
            with self.subTest(args=args):
                self.check_usage(args)

    def test_missing_manifest_named(self):
        proc = self.ws.run(["build", self.ws.join("nope.json")])
        self.assertIn(proc.returncode, (1, 2), u.describe(proc))
        self.assertRegex(proc.stderr, r"(?m)^pycpack: error: .*nope\.json")


class UnsafeInputTest(ErrorTestBase):

    def check_rejected(self, link_rel, target):
        root = self.ws.copy_testdata("vendor", "lib")
        os.makedirs(self.ws.join("outside"), exist_ok=True)
        with open(self.ws.join("outside", "secret.py"), "w") as f:
            f.write("SECRET = 1\n")
        os.symlink(target, os.path.join(root, link_rel))
        path = self.write("manifest.json", [("lib", root)],
                          [{"path": "out/app.zip", "format": "zip"}])
        proc = self.ws.run(["build", path])
        self.assertIn(proc.returncode, (1, 2), u.describe(proc))
        self.assertIn(link_rel, proc.stderr)
        self.assertFalse(os.path.exists(self.ws.join("out")))

    def test_file_symlink_out_of_root(self):
        self.check_rejected("tinyjson/evil.py", "../../outside/secret.py")

    def test_absolute_file_symlink_out_of_root(self):
        self.check_rejected("tinyjson/evil.py",
                            self.ws.join("outside", "secret.py"))

    def test_directory_symlink_out_of_root(self):
        self.check_rejected("tinyjson/evildir", "../../outside")


class IoErrorTest(ErrorTestBase):

    def test_output_parent_is_a_file(self):
        with open(self.ws.join("blocker"), "w") as f:
            f.write("not a directory\n")
        path = self.write("manifest.json", [("app", SRC)],
                          [{"path": "blocker/app.tar", "format": "tar"}])
        proc = self.ws.run(["build", path])
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertRegex(proc.stderr, r"(?m)^pycpack: error: .*blocker")
        self.assertEqual(sorted(os.listdir(self.ws.path)),
                         ["blocker", "manifest.json"])

    def test_missing_library_root(self):
        path = self.write("manifest.json", [("app", "no-such-dir")],
                          [{"path": "out/app.tar", "format": "tar"}])
        proc = self.ws.run(["build", path])
        self.assertIn(proc.returncode, (1, 2), u.describe(proc))
        self.assertIn("no-such-dir", proc.stderr)
        self.assertFalse(os.path.exists(self.ws.join("out")))


if __name__ == "__main__":
    unittest.main()
