"""Reproducible artifacts: the same inputs give byte-identical artifacts
whatever the location of the tree, file mtimes and group/other permission
bits, umask, TZ, locale, hash seed, working directory, directory listing
order, library order, number of compile workers or cache state.
SOURCE_DATE_EPOCH sets the mtimes."""

import os
import random
import shutil
import time
import unittest
import zipfile

import e2e_util as u

SDE = 1700000000


def copy_tree(src, dst, reverse, rng):
    """Copies |src| to |dst| creating entries in sorted (or reverse) order,
    then gives every entry a random mtime. Files get g+w when |reverse|."""
    os.makedirs(dst)
    names = sorted(os.listdir(src), reverse=reverse)
    for name in names:
        s, d = os.path.join(src, name), os.path.join(dst, name)
        if os.path.isdir(s):
            copy_tree(s, d, reverse, rng)
        else:
            shutil.copyfile(s, d)
            mode = os.stat(s).st_mode & 0o777
            os.chmod(d, mode | (0o020 if reverse else 0))
        os.utime(d, (rng.randrange(10**9), rng.randrange(10**6, 2 * 10**9)))
    os.utime(dst, (rng.randrange(10**9), rng.randrange(10**6, 2 * 10**9)))


def make_manifest(reverse_libraries):
    libs = [{"name": "app", "root": "src"},
            {"name": "vendor", "root": "vendor", "mode": "pyc-only",
             "optimize": [1]}]
    if reverse_libraries:
        libs.reverse()
    outputs = u.all_format_outputs("out/app") + [
        {"path": "out/prefixed.tar.gz", "format": "tar.gz",
         "prefix": "opt/app/"}]
    return u.manifest(libs, outputs,
                      {"mode": "py+pyc-checked", "optimize": [0, 1, 2]})


ARTIFACTS = ["app" + s for s in u.FORMATS.values()] + ["prefixed.tar.gz"]


class DeterminismTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.a = u.Workspace("pycpack-e2e-a-")
        cls.b = u.Workspace("pycpack-e2e-bb-")

    @classmethod
    def tearDownClass(cls):
        cls.a.close()
        cls.b.close()

    def prepare(self, ws, where, reverse, seed):
        rng = random.Random(seed)
        base = ws.join(*where)
        for name in ("src", "vendor"):
            copy_tree(os.path.join(u.TESTDATA, name),
                      os.path.join(base, name), reverse, rng)
        path = os.path.join(base, "manifest.json")
        ws.write_manifest(make_manifest(reverse),
                          os.path.relpath(path, ws.path))
        return base

    def env(self, ws, tz, lc, seed, sde=None):
        env = {k: v for k, v in os.environ.items()
               if k not in ("SOURCE_DATE_EPOCH", "TZ", "LC_ALL", "LANG")}
        env.update(TZ=tz, LC_ALL=lc, LANG=lc, PYTHONHASHSEED=seed,
                   XDG_CACHE_HOME=ws.cache)
        if sde is not None:
            env["SOURCE_DATE_EPOCH"] = str(sde)
        return env

    def build_a(self, out, sde=None):
        proc = u.run_pycpack(
            ["build", "manifest.json", "--output-dir", out], cwd=self.base_a,
            env=self.env(self.a, "UTC", "C", "0", sde), umask=0o022)
        self.assertEqual(proc.returncode, 0, u.describe(proc))

    def build_b(self, out, sde=None):
        os.makedirs(self.b.join("elsewhere"), exist_ok=True)
        proc = u.run_pycpack(
            ["build", os.path.join(self.base_b, "manifest.json"),
             "--output-dir", out] + u.parallel_args(),
            cwd=self.b.join("elsewhere"),
            env=self.env(self.b, "Pacific/Auckland", "C.UTF-8", "12345", sde),
            umask=0o077)
        self.assertEqual(proc.returncode, 0, u.describe(proc))

    def assert_same(self, out1, out2):
        """|out1| and |out2| hold the same artifacts in out/."""
        out1, out2 = os.path.join(out1, "out"), os.path.join(out2, "out")
        self.assertEqual(sorted(os.listdir(out1)), sorted(ARTIFACTS))
        self.assertEqual(sorted(os.listdir(out2)), sorted(ARTIFACTS))
        for name in ARTIFACTS:
            with self.subTest(artifact=name):
                self.assertEqual(u.snapshot(os.path.join(out1, name)),
                                 u.snapshot(os.path.join(out2, name)))

    def setUp(self):
        self.base_a = self.prepare(self.a, ["tree"], False, 1)
        self.base_b = self.prepare(self.b, ["x", "y", "copy"], True, 2)

    def tearDown(self):
        for ws in (self.a, self.b):
            for name in os.listdir(ws.path):
                u.make_writable(ws.join(name))
                shutil.rmtree(ws.join(name))

    def test_identical_across_environments(self):
        out_a, out_b = self.a.join("out1"), self.b.join("out1")
        self.build_a(out_a)
        self.build_b(out_b)
        self.assert_same(out_a, out_b)
        # A rebuild over existing artifacts, with a warm cache, and a build
        # into the manifest's own directory give the same bytes.
        arts = os.path.join(out_a, "out")
        before = {n: u.snapshot(os.path.join(arts, n)) for n in ARTIFACTS}
        self.build_a(out_a)
        for name in ARTIFACTS:
            self.assertEqual(u.snapshot(os.path.join(arts, name)),
                             before[name], name)
        self.assertEqual(sorted(os.listdir(arts)), sorted(ARTIFACTS))
        proc = u.run_pycpack(["build", "manifest.json"], cwd=self.base_b,
                             env=self.env(self.b, "UTC", "C", "7"))
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        self.assert_same(out_a, self.base_b)

    def test_source_date_epoch(self):
        out_a, out_b = self.a.join("sde"), self.b.join("sde")
        self.build_a(out_a, sde=SDE)
        self.build_b(out_b, sde=SDE)
        self.assert_same(out_a, out_b)
        arts, default = os.path.join(out_a, "out"), self.a.join("default")
        for fmt in ("tar", "tar.gz", "tar.zst"):
            with u.open_tar(os.path.join(arts, "app" + u.FORMATS[fmt]),
                            fmt) as tf:
                members = tf.getmembers()
            self.assertTrue(members)
            self.assertEqual({m.mtime for m in members}, {SDE}, fmt)
        with zipfile.ZipFile(os.path.join(arts, "app.zip")) as zf:
            self.assertEqual({i.date_time for i in zf.infolist()},
                             {time.gmtime(SDE)[:6]})
        self.build_a(default)
        for name in ARTIFACTS:
            if name != "app":
                self.assertNotEqual(
                    u.snapshot(os.path.join(default, "out", name)),
                    u.snapshot(os.path.join(arts, name)), name)


if __name__ == "__main__":
    unittest.main()
