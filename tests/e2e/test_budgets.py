"""Size budgets: every output reports what it unpacks to, an output may set
"max_unpacked_size", a Lambda layer gets Lambda's 262,144,000 bytes by
default, and an output over its budget is an error that names the size,
the budget and the biggest contributors, with nothing written."""

import json
import os
import shutil
import zipfile

import e2e_util as u

LAMBDA_LIMIT = 262144000


class BudgetTest(u.WorkspaceTestCase):
    def manifest(self, name, outputs):
        return self.ws.write_manifest(u.manifest(
            [{"name": "handler", "root": self.ws.copy_testdata("src", name + "-src"),
              "include": ["shop/**"], "mode": "pyc-only"},
             {"name": "deps", "root": self.ws.copy_testdata("site-packages", name + "-site"),
              "exclude": ["make.py"], "mode": "py+pyc-checked"}],
            outputs), name + ".json")

    def test_every_output_reports_what_it_unpacks_to(self):
        m = self.manifest("ok", [{"path": "out/layer.zip", "format": "lambda-layer"},
                                 {"path": "out/app.tar.gz", "format": "tar.gz",
                                  "max_unpacked_size": 10 ** 9},
                                 {"path": "out/tree", "format": "dir"}])
        proc = self.ws.run(["build", m, "--no-cache", "--json"])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        outputs = {os.path.basename(o["path"]): o for o in json.loads(proc.stdout)["outputs"]}
        with zipfile.ZipFile(self.ws.join("out", "layer.zip")) as z:
            unpacked = sum(i.file_size for i in z.infolist() if not i.is_dir())
        self.assertEqual(outputs["layer.zip"]["unpacked_bytes"], unpacked)
        self.assertEqual(outputs["layer.zip"]["max_unpacked_size"], LAMBDA_LIMIT)
        self.assertEqual(outputs["app.tar.gz"]["max_unpacked_size"], 10 ** 9)
        self.assertIsNone(outputs["tree"]["max_unpacked_size"])
        tree = 0
        for root, _, files in os.walk(self.ws.join("out", "tree")):
            tree += sum(os.path.getsize(os.path.join(root, f)) for f in files)
        self.assertEqual(outputs["tree"]["unpacked_bytes"], tree)
        # The same figure without --json, for people.
        proc = self.ws.run(["build", m, "--no-cache"])
        self.assertRegex(proc.stderr, r"wrote .*out/layer\.zip \(lambda-layer, \d+ entries, "
                         r"[\d.]+ KiB, unpacks to [\d.]+ KiB of 250\.0 MiB allowed")

    def test_an_output_over_its_budget_names_size_budget_and_culprits(self):
        m = self.manifest("over", [{"path": "over/app.tar.gz", "format": "tar.gz"},
                                   {"path": "over/layer.zip", "format": "lambda-layer",
                                    "max_unpacked_size": 2000}])
        before = sorted(os.listdir(self.ws.path))
        proc = self.ws.run(["build", m, "--no-cache"])
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertRegex(
            proc.stderr,
            r"^pycpack: error: .*over\.json: outputs\[1\] \(.*/over/layer\.zip\): unpacks to [\d,]+ bytes "
            r"\([\d.]+ KiB\), over its max_unpacked_size of 2,000 bytes; the biggest: "
            r"shop/ [\d.]+ KiB, greet [\d.]+ KiB; nothing was written\n$")
        self.assertIn("greet ", proc.stderr, "an installed distribution is named as such")
        self.assertFalse(os.path.exists(self.ws.join("over")), "nothing was written")
        self.assertEqual(sorted(os.listdir(self.ws.path)), before)

    def test_a_bad_budget_is_a_manifest_error(self):
        for bad, message in ((0, "must be a positive number of bytes"),
                             ("1MB", "expected a positive integer (bytes), got string")):
            with self.subTest(budget=bad):
                m = self.manifest("bad-%s" % bad, [{"path": "out/x.zip", "format": "zip",
                                                    "max_unpacked_size": bad}])
                proc = self.ws.run(["build", m, "--no-cache"])
                self.assertEqual(proc.returncode, 2, u.describe(proc))
                self.assertIn("outputs[0].max_unpacked_size: " + message, proc.stderr)


if __name__ == "__main__":
    import unittest
    unittest.main()
