"""The command line: --help, --version, output streams, -q, --json report
(checked against the artifacts), --output-dir."""

import json
import os
import platform
import sys
import tarfile
import unittest
import zipfile

import e2e_util as u

SRC = os.path.join(u.TESTDATA, "src")
VENDOR = os.path.join(u.TESTDATA, "vendor")


class CliTestBase(unittest.TestCase):

    def setUp(self):
        self.ws = u.Workspace()

    def tearDown(self):
        self.ws.close()

    def ok(self, args, **kwargs):
        proc = self.ws.run(args, **kwargs)
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        return proc


class HelpVersionTest(CliTestBase):

    def test_help(self):
        proc = self.ok(["--help"])
        self.assertIn("build", proc.stdout + proc.stderr)

    def test_build_help(self):
        proc = self.ok(["build", "--help"])
        text = proc.stdout + proc.stderr
        for flag in ("--force-mode", "--retain-sources", "--output-dir",
                     "--json", "-q", "-v"):
            self.assertIn(flag, text)

    def test_version(self):
        proc = self.ok(["--version"])
        self.assertRegex(proc.stdout + proc.stderr, r"\d+\.\d+\.\d+")


class StreamsTest(CliTestBase):

    def manifest(self):
        return self.ws.write_manifest(u.manifest(
            [("app", SRC)], [{"path": "out/app.tar", "format": "tar"}]))

    def test_summary_on_stderr_only(self):
        proc = self.ok(["build", self.manifest()])
        self.assertEqual(proc.stdout, "")
        self.assertNotEqual(proc.stderr.strip(), "")

    def test_quiet(self):
        proc = self.ok(["build", self.manifest(), "-q"])
        self.assertEqual((proc.stdout, proc.stderr), ("", ""))
        self.assertTrue(os.path.isfile(self.ws.join("out/app.tar")))

    def test_verbose(self):
        normal = self.ok(["build", self.manifest()])
        proc = self.ok(["build", self.manifest(), "-v"])
        self.assertEqual(proc.stdout, "")
        self.assertGreater(len(proc.stderr), len(normal.stderr))


class JsonReportTest(CliTestBase):

    def report(self, args, code=0):
        proc = self.ws.run(args + ["--json"], cwd=self.ws.path)
        self.assertEqual(proc.returncode, code, u.describe(proc))
        report = json.loads(proc.stdout)  # exactly one JSON document
        self.assertIsInstance(report, dict)
        self.assertEqual(report["exit_code"], code)
        self.assertEqual(report["status"], "ok" if code == 0 else "error")
        return report, proc

    def check_interpreter(self, info):
        self.assertEqual(info["implementation"], sys.implementation.name)
        self.assertEqual(info["version"], platform.python_version())
        self.assertEqual(info["cache_tag"], u.CACHE_TAG)
        magic = info["magic"]
        number = int.from_bytes(u.MAGIC[:2], "little")
        allowed = {u.MAGIC.hex(), u.MAGIC.hex().upper(), number, str(number),
                   u.MAGIC.decode("latin-1")}
        self.assertIn(magic, allowed)

    def test_summary_matches_artifact(self):
        path = self.ws.write_manifest(u.manifest(
            [("app", SRC)], [{"path": "out/app.tar", "format": "tar"}],
            {"mode": "py+pyc-checked", "optimize": [0, 2]}))
        report, proc = self.report(["build", path])
        self.check_interpreter(report["interpreter"])
        self.assertIsNone(report["error"])
        self.assertEqual(report["diagnostics"], [])
        sources = [p for p in u.source_files(SRC) if p.endswith(".py")]
        copied = [p for p in u.source_files(SRC) if not p.endswith(".py")]
        with tarfile.open(self.ws.join("out/app.tar")) as tf:
            pyc_sizes = [m.size for m in tf.getmembers()
                         if m.name.endswith(".pyc")]
        s = report["summary"]
        self.assertEqual(s["libraries"], 1)
        self.assertEqual(s["sources"], len(sources))
        self.assertEqual(s["compiled"], 2 * len(sources))
        self.assertEqual(s["copied"], len(copied))
        self.assertEqual(s["files"], len(sources) + len(copied))
        self.assertEqual(s["source_bytes"], sum(
            os.path.getsize(os.path.join(SRC, p)) for p in sources))
        self.assertEqual(len(pyc_sizes), 2 * len(sources))
        self.assertEqual(s["pyc_bytes"], sum(pyc_sizes))
        self.assertGreaterEqual(s["seconds"], 0)

    def test_outputs_match_artifacts(self):
        path = self.ws.write_manifest(u.manifest(
            [("app", SRC), ("vendor", VENDOR)], u.all_format_outputs()))
        report, _ = self.report(["build", path], 0)
        outputs = {o["format"]: o for o in report["outputs"]}
        self.assertEqual(set(outputs), set(u.FORMATS))
        for fmt, suffix in u.FORMATS.items():
            with self.subTest(format=fmt):
                o = outputs[fmt]
                artifact = self.ws.join("out/app" + suffix)
                self.assertEqual(os.path.realpath(
                    os.path.join(self.ws.path, o["path"])), artifact)
                self.assertEqual(o["entries"], self.count_entries(
                    artifact, fmt))
                if fmt == "dir":
                    self.assertIsNone(o["sha256"])
                    self.assertEqual(o["bytes"], sum(
                        len(v[2]) for v in u.files_of(artifact).values()))
                else:
                    self.assertEqual(o["sha256"], u.sha256_file(artifact))
                    self.assertEqual(o["bytes"], os.path.getsize(artifact))

    @staticmethod
    def count_entries(artifact, fmt):
        if fmt == "dir":
            return len(u.tree(artifact))
        if fmt == "zip":
            with zipfile.ZipFile(artifact) as zf:
                return len(zf.infolist())
        with u.open_tar(artifact, fmt) as tf:
            return len(tf.getmembers())

    def test_compile_errors(self):
        path = self.ws.write_manifest(u.manifest(
            [("broken", os.path.join(u.TESTDATA, "broken"))],
            [{"path": "out/b.zip", "format": "zip"}]))
        report, proc = self.report(["build", path], 1)
        diags = report["diagnostics"]
        for rel, line in (("pkg/syntax_error.py", 7),
                          ("pkg/bad_indent.py", 5),
                          ("pkg/deep/bad_utf8.py", 3)):
            found = [d for d in diags if d["path"] == rel
                     or d["path"].endswith("/" + rel)]
            self.assertEqual(len(found), 1, rel)
            self.assertEqual(found[0]["line"], line, rel)
            self.assertEqual(found[0]["severity"], "error")
            self.assertTrue(found[0]["message"])
        self.assertEqual(
            {d["kind"] for d in diags
             if d["path"].endswith("syntax_error.py")}, {"SyntaxError"})
        for rel in ("bad_cookie.py", "null_byte.py"):
            self.assertTrue(any(d["path"].endswith(rel) for d in diags), rel)
        self.assertFalse(os.path.exists(self.ws.join("out")))

    def test_warning(self):
        path = self.ws.write_manifest(u.manifest(
            [("w", os.path.join(u.TESTDATA, "warnings"))],
            [{"path": "out/w.tar", "format": "tar"}]))
        report, _ = self.report(["build", path])
        warnings = [d for d in report["diagnostics"]
                    if d["path"].endswith("chatty.py")]
        self.assertEqual(len(warnings), 1, report["diagnostics"])
        self.assertEqual(warnings[0]["severity"], "warning")
        self.assertEqual(warnings[0]["kind"], "SyntaxWarning")
        self.assertEqual(warnings[0]["line"], 5)


class OutputDirTest(CliTestBase):

    def test_relative_outputs_go_to_output_dir(self):
        absolute = self.ws.join("abs", "fixed.zip")
        path = self.ws.write_manifest(u.manifest(
            [("app", "../lib")],
            [{"path": "dist/app.tar.gz", "format": "tar.gz"},
             {"path": "tree", "format": "dir"},
             {"path": absolute, "format": "zip"}]), "m/manifest.json")
        self.ws.copy_testdata("vendor", "lib")
        out = self.ws.join("elsewhere", "new")
        self.ok(["build", path, "--output-dir", out], cwd=self.ws.path)
        self.assertTrue(os.path.isfile(os.path.join(out, "dist/app.tar.gz")))
        self.assertTrue(os.path.isdir(os.path.join(out, "tree", "tinyjson")))
        self.assertTrue(os.path.isfile(absolute))
        self.assertEqual(sorted(os.listdir(self.ws.join("m"))),
                         ["manifest.json"])

    def test_relative_output_dir_against_cwd(self):
        path = self.ws.write_manifest(u.manifest(
            [("app", SRC)], [{"path": "a.zip", "format": "zip"}]),
            "m/manifest.json")
        os.makedirs(self.ws.join("cwd"))
        self.ok(["build", path, "--output-dir", "rel-out"],
                cwd=self.ws.join("cwd"))
        self.assertTrue(os.path.isfile(self.ws.join("cwd/rel-out/a.zip")))


class InterpreterTest(unittest.TestCase):
    """The e2e tests compare with sys.executable: it must be the embedded
    interpreter's version."""

    def test_same_interpreter(self):
        with u.Workspace() as ws:
            path = ws.write_manifest(u.manifest(
                [("v", VENDOR)], [{"path": "o.zip", "format": "zip"}],
                {"mode": "pyc-only"}))
            proc = ws.run(["build", path, "-q"])
            self.assertEqual(proc.returncode, 0, u.describe(proc))
            with zipfile.ZipFile(ws.join("o.zip")) as zf:
                data = zf.read("tinyjson/encoder.pyc")
        self.assertEqual(data[:4], u.MAGIC,
                         "pycpack embeds another Python than %s"
                         % sys.executable)


if __name__ == "__main__":
    unittest.main()
