"""Every example manifest in manifests/ builds, and each artifact is
accepted by what consumes it: pip for wheels, `python -m zipfile -t` for
zips, the OCI diff_id for container layers, and the import system, which
loads every module of the artifact from its pycs."""

import glob
import gzip
import hashlib
import json
import os
import subprocess
import sys
import unittest

import e2e_util as u

# Container format of an oci-layer by its compression.
OCI_FORMATS = {"none": "tar", "gzip": "tar.gz", "zstd": "tar.zst"}


def import_root(ws, artifact, fmt, spec, name):
    """The directory to import from: |artifact| unpacked (or, for a wheel,
    installed with pip) below |ws|, plus the output's prefix."""
    if fmt == "wheel":
        target = ws.join("installed", name)
        proc = u.pip_install([artifact], target)
        if proc.returncode != 0:
            raise AssertionError("pip install %s:\n%s" % (artifact, proc.stderr))
        return target
    container = {"lambda-layer": "zip",
                 "oci-layer": OCI_FORMATS[spec.get("compression", "gzip")]
                 }.get(fmt, fmt)
    root = u.unpack(artifact, container, ws.join("unpacked", name))
    prefix = spec.get("prefix", "python/" if fmt == "lambda-layer" else "")
    return os.path.join(root, prefix)


class ExampleManifestsTest(unittest.TestCase):

    def check_consumers(self, ws, artifact, output, spec, name):
        fmt = output["format"]
        if fmt in ("zip", "lambda-layer"):
            u.zipfile_test(self, artifact)
        if fmt == "wheel":
            u.check_wheel(self, artifact)
        if fmt == "oci-layer":
            with open(artifact, "rb") as f:
                blob = f.read()
            tar = {"none": lambda: blob, "gzip": lambda: gzip.decompress(blob),
                   "zstd": lambda: u.read_zst(artifact)}[
                       spec.get("compression", "gzip")]()
            self.assertEqual(output["digest"],
                             "sha256:" + hashlib.sha256(blob).hexdigest())
            self.assertEqual(output["diff_id"],
                             "sha256:" + hashlib.sha256(tar).hexdigest())
        root = import_root(ws, artifact, fmt, spec, name)
        u.check_imports_from_pycs(self, root)

    def test_every_example_builds(self):
        paths = sorted(glob.glob(os.path.join(u.SOURCE_DIR, "manifests",
                                              "*.json")))
        if not paths:
            self.skipTest("no manifests/*.json in " + u.SOURCE_DIR)
        for path in paths:
            with self.subTest(manifest=os.path.basename(path)), \
                    u.Workspace() as ws:
                with open(path, encoding="utf-8") as f:
                    specs = json.load(f)["outputs"]
                out = ws.join("out")
                proc = ws.run(["build", path, "--output-dir", out, "--json"],
                              cwd=ws.path)
                self.assertEqual(proc.returncode, 0, u.describe(proc))
                report = json.loads(proc.stdout)
                self.assertTrue(report["outputs"])
                self.assertEqual(len(report["outputs"]), len(specs))
                for i, (output, spec) in enumerate(zip(report["outputs"],
                                                       specs)):
                    # Relative paths as reported may be taken from the cwd
                    # or from the output directory.
                    candidates = [os.path.join(ws.path, output["path"]),
                                  os.path.join(out, output["path"])]
                    artifact = next(
                        (c for c in candidates if os.path.exists(c)), None)
                    self.assertIsNotNone(artifact, output["path"])
                    self.assertTrue(artifact.startswith(out + os.sep),
                                    artifact + " outside --output-dir")
                    self.assertGreater(output["entries"], 0, artifact)
                    self.assertEqual(output["format"], spec["format"])
                    with self.subTest(output=spec["path"]):
                        self.check_consumers(ws, artifact, output, spec,
                                             "out%d" % i)


class CheckedInSitePackagesTest(unittest.TestCase):
    """testdata/site-packages is a real installed tree: its RECORD is
    current (make.py --check) and importlib.metadata reads it."""

    def test_record_is_current(self):
        proc = subprocess.run(
            [sys.executable, "-B",
             os.path.join(u.TESTDATA, "site-packages", "make.py"), "--check"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8")
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_metadata_lists_existing_files(self):
        site = os.path.join(u.TESTDATA, "site-packages")
        proc = u.run_python(
            ["-c", "import importlib.metadata as m, greet; "
                   "print(m.version('greet'), greet.hello('x', 'fr')); "
                   "print(all(f.locate().is_file() for f in m.files('greet')))"],
            site)
        self.assertEqual(proc.stdout.split("\n")[:2],
                         ["0.4 bonjour, x", "True"], proc.stderr)


if __name__ == "__main__":
    unittest.main()
