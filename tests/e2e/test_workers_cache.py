"""Worker processes and the compile cache: the artifact never depends on -j
or on the cache; broken workers, corrupt entries, concurrent builds sharing a
cache and Ctrl-C are handled without a partial artifact."""

import json
import os
import signal
import struct
import subprocess
import sys
import time
import unittest

import e2e_util as u

FORMATS = ("tar.gz", "zip", "tar.zst")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def big_tree(root, count, body_lines=40):
    """|count| synthetic modules in packages of 50, enough work for workers."""
    for i in range(count):
        pkg = os.path.join(root, "gen%03d" % (i // 50))
        os.makedirs(pkg, exist_ok=True)
        init = os.path.join(pkg, "__init__.py")
        if not os.path.exists(init):
            with open(init, "w") as f:
                f.write('"""generated package"""\n')
        with open(os.path.join(pkg, "m%04d.py" % i), "w") as f:
            f.write('"""module %d"""\n' % i)
            f.write("VALUES = frozenset({%s})\n" % ", ".join(
                repr("v%d_%d" % (i, k)) for k in range(8)))
            for k in range(body_lines):
                f.write("def f%d(x, y=%d):\n    return [x * %d + j for j in "
                        "range(y) if j %% 3]\n" % (k, k, i))


class WorkersAndCacheTest(unittest.TestCase):

    def setUp(self):
        self.ws = u.Workspace()
        self.addCleanup(self.ws.close)
        self.ws.copy_testdata("src")
        big_tree(self.ws.join("gen"), 120, body_lines=5)
        self.manifest = self.ws.write_manifest(u.manifest(
            [("app", "src"), ("gen", "gen")],
            [{"path": "out/app" + u.FORMATS[f], "format": f} for f in FORMATS],
            defaults={"mode": "py+pyc-checked", "optimize": [0, 1, 2]}))

    def build(self, *args, **kw):
        proc = self.ws.run(["build", self.manifest, "--json"] + list(args),
                           **kw)
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        report = json.loads(proc.stdout)
        arts = {f: read(self.ws.join("out/app" + u.FORMATS[f]))
                for f in FORMATS}
        return report, arts

    def test_identical_for_every_jobs_count_and_cache_state(self):
        ref_report, ref = self.build("-j", "1", "--no-cache")
        self.assertEqual(ref_report["summary"]["cached"], 0)
        self.assertGreater(ref_report["summary"]["compiled"], 300)
        for jobs in ("2", "8"):
            report, arts = self.build("-j", jobs, "--no-cache")
            self.assertEqual(arts, ref, "-j %s" % jobs)
        cache = self.ws.join("cache-a")
        cold_report, cold = self.build("--cache-dir", cache)
        self.assertEqual(cold_report["summary"]["cached"], 0)
        self.assertEqual(cold_report["cache"]["stores"],
                         cold_report["summary"]["compiled"])
        warm_report, warm = self.build("--cache-dir", cache, "-j", "2")
        self.assertEqual(warm_report["summary"]["compiled"], 0)
        self.assertEqual(warm_report["summary"]["cached"],
                         cold_report["summary"]["compiled"])
        self.assertEqual(cold, ref)
        self.assertEqual(warm, ref)

    def test_touching_one_file_recompiles_only_it(self):
        cache = self.ws.join("cache-b")
        self.build("--cache-dir", cache)
        with open(self.ws.join("gen/gen000/m0007.py"), "a") as f:
            f.write("# touched\n")
        report, warm = self.build("--cache-dir", cache)
        self.assertEqual(report["summary"]["compiled"], 3)  # three levels
        # Compressed pieces reused from the cache give the same bytes as
        # compressing everything anew.
        _, fresh = self.build("--no-cache")
        self.assertEqual(warm, fresh)

    def test_warnings_survive_the_cache(self):
        with open(self.ws.join("gen/gen000/chatty.py"), "w") as f:
            f.write("x = 1\nif x is 1:\n    pass\n")
        cache = self.ws.join("cache-w")
        cold, _ = self.build("--cache-dir", cache)
        warm, _ = self.build("--cache-dir", cache)
        def warnings(r):
            return [(d["path"].endswith("chatty.py"), d["line"], d["kind"])
                    for d in r["diagnostics"] if d["severity"] == "warning"]
        self.assertEqual(warnings(cold), [(True, 2, "SyntaxWarning")])
        self.assertEqual(warnings(warm), warnings(cold))
        self.assertEqual(warm["summary"]["compiled"], 0)

    def test_corrupt_cache_entry_is_detected_and_recompiled(self):
        cache = self.ws.join("cache-c")
        _, ref = self.build("--cache-dir", cache)
        packs = cache_packs(cache)
        self.assertEqual(len(packs), 1)  # one build, one pack
        with open(packs[0], "rb") as f:
            data = bytearray(f.read())
        # Damage the last payload byte of two pycs (gzip members, stored
        # beside them, start with 1f 8b; a damaged one is recompressed).
        pycs = [(o, n) for o, n in pack_entries(data)
                if data[o + 78:o + 80] != b"\x1f\x8b"]
        for o, n in pycs[:2]:
            data[o + n - 1] ^= 0xFF
        with open(packs[0], "wb") as f:
            f.write(data)
        proc = self.ws.run(["build", self.manifest, "--json", "--cache-dir",
                            cache])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        report = json.loads(proc.stdout)
        self.assertEqual(report["cache"]["corrupt"], 2)
        self.assertEqual(report["summary"]["compiled"], 2)
        self.assertIn("recompiling", proc.stderr)
        for f in FORMATS:
            with open(self.ws.join("out/app" + u.FORMATS[f]), "rb") as a:
                self.assertEqual(a.read(), ref[f])
        # A truncated pack is one warning; it is removed, its entries rebuilt.
        with open(packs[0], "r+b") as f:
            f.truncate(1000)
        report, arts = self.build("--cache-dir", cache)
        self.assertEqual(report["cache"]["corrupt"], 1)
        self.assertEqual(report["summary"]["cached"], 2)  # the second pack
        self.assertFalse(os.path.exists(packs[0]))
        self.assertEqual(arts, ref)

    def test_two_builds_sharing_a_cache_concurrently(self):
        _, ref = self.build("--no-cache")
        cache = self.ws.join("cache-d")
        procs = []
        for n in range(2):
            procs.append(subprocess.Popen(
                [u.pycpack_bin(), "build", self.manifest, "--cache-dir", cache,
                 "--output-dir", self.ws.join("par%d" % n), "-j", "2"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE))
        for n, p in enumerate(procs):
            out, err = p.communicate(timeout=300)
            self.assertEqual(p.returncode, 0, err.decode())
            for f in FORMATS:
                path = self.ws.join("par%d" % n, "out/app" + u.FORMATS[f])
                with open(path, "rb") as a:
                    self.assertEqual(a.read(), ref[f], path)
        leftovers = [f for d, _, fs in os.walk(cache) for f in fs
                     if ".tmp." in f]
        self.assertEqual(leftovers, [])


def cache_packs(cache):
    """The pack files of cache directory |cache|."""
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(cache)
                  for f in fs if f.endswith(".pack"))


def pack_entries(data):
    """(offset, length) of every entry of pack |data|, from its index
    (src/cache/cache_pack.h)."""
    index, count = struct.unpack_from("<QQ", data, len(data) - 56)
    return [struct.unpack_from("<QQ", data, index + 48 * i + 32)
            for i in range(count)]


def workers_of(pid):
    """PIDs of the `pycpack __worker` children of |pid|."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                cmd = f.read().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid and b"__worker" in cmd:
            found.append(int(entry))
    return found


class BrokenRunsTest(unittest.TestCase):
    """A killed worker and Ctrl-C: an error, the old artifact untouched, no
    temporary left."""

    def setUp(self):
        self.ws = u.Workspace()
        self.addCleanup(self.ws.close)
        big_tree(self.ws.join("gen"), 1500, body_lines=60)
        self.manifest = self.ws.write_manifest(u.manifest(
            [("gen", "gen")], [{"path": "out/app.tar.gz", "format": "tar.gz"}],
            defaults={"mode": "py+pyc-unchecked", "optimize": [0, 1, 2]}))
        os.makedirs(self.ws.join("out"))
        with open(self.ws.join("out/app.tar.gz"), "wb") as f:
            f.write(b"previous artifact")

    def start(self):
        env = dict(os.environ, XDG_CACHE_HOME=self.ws.cache)
        return subprocess.Popen(
            [u.pycpack_bin(), "build", self.manifest, "-j", "2", "--no-cache"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    def wait_for_workers(self, proc):
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None:
            workers = workers_of(proc.pid)
            if len(workers) == 2:
                return workers
            time.sleep(0.02)
        self.fail("no workers appeared")

    def assert_untouched(self):
        self.assertEqual(os.listdir(self.ws.join("out")), ["app.tar.gz"])
        with open(self.ws.join("out/app.tar.gz"), "rb") as f:
            self.assertEqual(f.read(), b"previous artifact")

    def test_killed_worker_is_an_error_naming_the_file(self):
        proc = self.start()
        workers = self.wait_for_workers(proc)
        time.sleep(0.3)
        os.kill(workers[0], signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
        err = err.decode()
        self.assertEqual(proc.returncode, 1, err)
        self.assertRegex(err, r"compile worker was killed by signal 9 \(\w+\) "
                              r"while compiling \S+/gen\d+/\w+\.py")
        self.assert_untouched()

    def test_ctrl_c_removes_everything_staged(self):
        proc = self.start()
        self.wait_for_workers(proc)
        time.sleep(0.3)
        os.kill(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        self.assertEqual(proc.returncode, 130, err.decode())
        self.assertIn("interrupted", err.decode())
        self.assert_untouched()
        self.assertEqual(workers_of(proc.pid), [])


if __name__ == "__main__":
    unittest.main()
