"""Every example manifest in manifests/ builds."""

import glob
import json
import os
import unittest

import e2e_util as u


class ExampleManifestsTest(unittest.TestCase):

    def test_every_example_builds(self):
        paths = sorted(glob.glob(os.path.join(u.SOURCE_DIR, "manifests",
                                              "*.json")))
        if not paths:
            self.skipTest("no manifests/*.json in " + u.SOURCE_DIR)
        for path in paths:
            with self.subTest(manifest=os.path.basename(path)), \
                    u.Workspace() as ws:
                out = ws.join("out")
                proc = ws.run(["build", path, "--output-dir", out, "--json"],
                              cwd=ws.path)
                self.assertEqual(proc.returncode, 0, u.describe(proc))
                report = json.loads(proc.stdout)
                self.assertTrue(report["outputs"])
                for output in report["outputs"]:
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


if __name__ == "__main__":
    unittest.main()
