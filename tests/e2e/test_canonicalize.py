"""`pycpack canonicalize`: pycs written by compileall become canonical in
place, stay loadable and equal to what the interpreter compiles; --check
only reports; broken input is an error that leaves the file alone."""

import marshal
import os
import subprocess
import sys
import unittest

import e2e_util as u


class CanonicalizeTest(unittest.TestCase):

    def setUp(self):
        self.ws = u.Workspace()
        self.addCleanup(self.ws.close)
        self.root = self.ws.copy_testdata("src")
        subprocess.run([sys.executable, "-m", "compileall", "-q",
                        "--invalidation-mode", "checked-hash",
                        self.root], check=True, stdout=subprocess.DEVNULL)
        self.pycs = sorted(os.path.join(d, f)
                           for d, _, fs in os.walk(self.root) for f in fs
                           if f.endswith(".cpython-311.pyc") and "pricing" in f)
        self.assertTrue(self.pycs)

    def read(self, path):
        with open(path, "rb") as f:
            return f.read()

    def test_rewrite_then_check(self):
        target = self.pycs[0]
        before = self.read(target)
        proc = self.ws.run(["canonicalize", "--check", target])
        # compileall's bytes are not canonical (FLAG_REF on objects that
        # are never referenced again, for one).
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertIn("not canonical", proc.stderr)
        self.assertEqual(self.read(target), before)
        os.chmod(target, 0o640)
        proc = self.ws.run(["canonicalize", target])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        after = self.read(target)
        self.assertNotEqual(after, before)
        self.assertEqual(after[:16], before[:16])  # header kept
        self.assertEqual(os.stat(target).st_mode & 0o777, 0o640)
        self.assertEqual(marshal.loads(after[16:]), marshal.loads(before[16:]))
        proc = self.ws.run(["canonicalize", "--check", target])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        # Rewriting again changes nothing.
        self.ws.run(["canonicalize", target])
        self.assertEqual(self.read(target), after)

    def test_directory_is_searched_and_matches_pycpack_build(self):
        proc = self.ws.run(["canonicalize", self.root])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        # compileall wrote absolute co_filenames; build with the same ones.
        manifest = u.manifest(
            [{"name": "app", "root": "src",
              "source_path": {"prefix": self.root + "/"}}],
            [{"path": "out/app", "format": "dir"}],
            defaults={"mode": "py+pyc-checked"})
        m = self.ws.write_manifest(manifest)
        proc = self.ws.run(["build", m, "--no-cache"])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        for pyc in self.pycs:
            rel = os.path.relpath(pyc, self.root)
            self.assertEqual(self.read(pyc),
                             self.read(self.ws.join("out/app", rel)), rel)

    def test_broken_file_is_an_error_and_left_alone(self):
        bad = self.ws.join("bad.pyc")
        with open(bad, "wb") as f:
            f.write(self.read(self.pycs[0])[:40])
        proc = self.ws.run(["canonicalize", bad, self.pycs[0]])
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertIn("bad.pyc", proc.stderr)
        self.assertEqual(os.path.getsize(bad), 40)
        # The good file was still handled.
        proc = self.ws.run(["canonicalize", "--check", self.pycs[0]])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        self.assertEqual([f for f in os.listdir(self.ws.path)
                          if "pycpack-tmp" in f], [])


if __name__ == "__main__":
    unittest.main()
