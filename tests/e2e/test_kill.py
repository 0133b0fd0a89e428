"""A build killed with SIGKILL at several points of a large build leaves
every destination as it was (or absent), leaves no compile worker behind,
and the next build removes the temporaries it left."""

import os
import signal
import subprocess
import sys
import time
import unittest

import e2e_util as u

MODULES = 2000  # ~ 8 MB of source: a build of a few seconds
# When to kill, in seconds after the start (the first ones hit planning and
# the first compiles, the last ones the end of compression and the renames).
DELAYS = (0.05, 0.4, 1.2, 2.5, 4.0, 5.5)
FORMATS = ("tar.gz", "zip", "dir")


def write_tree(root, count, flavour):
    for i in range(count):
        pkg = os.path.join(root, "big", "p%02d" % (i % 50))
        os.makedirs(pkg, exist_ok=True)
        with open(os.path.join(pkg, "m%04d.py" % i), "w") as f:
            f.write('"""Module %d (%s)."""\n' % (i, flavour))
            for j in range(40):
                f.write("def f%d(x, y=%d):\n    '''Doc %d.'''\n"
                        "    return [x * %d + k for k in range(y)]\n\n" % (j, j, j, i))


def leftovers(directory):
    return sorted(n for n in os.listdir(directory) if ".pycpack-tmp-" in n)


def children(pid):
    path = "/proc/%d/task/%d/children" % (pid, pid)
    try:
        with open(path) as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return False


class KillTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ws = u.Workspace()
        write_tree(cls.ws.join("small"), 20, "old")
        write_tree(cls.ws.join("large"), MODULES, "new")
        outputs = [{"path": "out/app" + u.FORMATS[f], "format": f} for f in FORMATS]
        cls.small = cls.ws.write_manifest(
            u.manifest([("big", cls.ws.join("small"))], outputs), "small.json")
        cls.large = cls.ws.write_manifest(
            u.manifest([("big", cls.ws.join("large"))], outputs,
                       defaults={"mode": "py+pyc-checked", "optimize": [0, 1]}),
            "large.json")

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def out(self, fmt):
        return self.ws.join("out", "app" + u.FORMATS[fmt])

    def test_kill_at_several_points(self):
        # The complete new artifacts, from a build nobody interrupts.
        ref = self.ws.join("ref")
        os.makedirs(ref)
        whole = self.ws.run(["build", self.large, "-q", "--output-dir", ref])
        self.assertEqual(whole.returncode, 0, u.describe(whole))
        new = {f: u.snapshot(os.path.join(ref, "out", "app" + u.FORMATS[f]))
               for f in FORMATS}
        first = self.ws.run(["build", self.small, "-q"])
        self.assertEqual(first.returncode, 0, u.describe(first))
        old = {f: u.snapshot(self.out(f)) for f in FORMATS}
        self.assertNotEqual(old, new)
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env["XDG_CACHE_HOME"] = self.ws.join("no-cache-here")
        killed_with_leftovers = 0
        for delay in DELAYS:
            with self.subTest(delay=delay):
                proc = subprocess.Popen(
                    [u.pycpack_bin(), "build", self.large, "--no-cache", "-j", "2", "-q"],
                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(delay)
                workers = children(proc.pid)
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                # Each destination is whole: as before, or (if the kill came
                # after its rename) the complete new artifact.
                for f in FORMATS:
                    now = u.snapshot(self.out(f))
                    self.assertTrue(now == old[f] or now == new[f],
                                    "%s is neither the old nor the new artifact" % f)
                if proc.returncode == 0 or any(
                        u.snapshot(self.out(f)) != old[f] for f in FORMATS):
                    # Put the old artifacts back for the next kill.
                    again = self.ws.run(["build", self.small, "-q"])
                    self.assertEqual(again.returncode, 0, u.describe(again))
                if leftovers(self.ws.join("out")):
                    killed_with_leftovers += 1
                # Workers see their input close and exit.
                deadline = time.time() + 10
                while any(alive(w) for w in workers) and time.time() < deadline:
                    time.sleep(0.05)
                self.assertFalse([w for w in workers if alive(w)],
                                 "compile workers outlived the killed build")
        # At least one kill happened while artifacts were being written.
        self.assertGreater(killed_with_leftovers, 0,
                           "no kill hit the writing phase; adjust DELAYS")
        # The next build of the same destinations removes what was left and
        # writes whole artifacts.
        again = self.ws.run(["build", self.small, "-q"])
        self.assertEqual(again.returncode, 0, u.describe(again))
        self.assertEqual(leftovers(self.ws.join("out")), [])
        for f in FORMATS:
            self.assertEqual(u.snapshot(self.out(f)), old[f])


if __name__ == "__main__":
    unittest.main(verbosity=2)
