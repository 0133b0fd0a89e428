"""`pycpack precompile`, one-shot and as a Bazel persistent worker, driven
the way Bazel drives it: rules_python's arguments and params files, JSON
WorkRequests back to back (Bazel 4) or one per line (newer Bazel),
interleaved multiplex ids, cancel mid-request, sandboxDir, malformed input,
end of input. The pycs must equal py_compile's in canonical form, and be
byte-identical one-shot and in a worker whatever the worker compiled before.
"""

import json
import re
import marshal
import os
import py_compile
import select
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import e2e_util as u

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import pythons  # noqa: E402

SOURCE = '''"""module doc"""
def f(x):
    """function doc"""
    assert x, "x must be true"
    return {1, 2, "a"}, frozenset({"b", "c"}), x
class K:
    "class doc"
'''


class Worker:
    """A `pycpack precompile --persistent_worker` process."""

    def __init__(self, cwd, args=(), env=None):
        # Bazel sends a worker's stderr to a log file; so does this (a pipe
        # nobody reads would fill up with the worker's line per request).
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [u.pycpack_bin(), "precompile", "--persistent_worker"] + list(args),
            cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, env=env)
        self.buf = b""

    def send(self, *requests, newline=False):
        sep = "\n" if newline else ""
        data = "".join(json.dumps(r, separators=(",", ":")) + sep for r in requests)
        self.proc.stdin.write(data.encode())
        self.proc.stdin.flush()

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def response(self, timeout=60):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                raise AssertionError("no response within %d s" % timeout)
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                raise AssertionError("worker closed stdout; stderr: %s" % self.stderr())
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def close(self, timeout=60):
        """Closes stdin; returns (exit status, rest of stdout, stderr)."""
        self.proc.stdin.close()
        rest = self.proc.stdout.read()
        self.proc.stdout.close()
        rc = self.proc.wait(timeout)
        err = self.stderr()
        self.log.close()
        return rc, self.buf + rest, err

    def stderr(self):
        self.log.seek(0)
        return self.log.read().decode()

    def rss_kib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def request(src, pyc, rid=0, src_name=None, mode="checked_hash", optimize="0", extra=()):
    args = ["--invalidation_mode", mode, "--src", src, "--src_name", src_name or src,
            "--pyc", pyc, "--optimize", optimize, "--python_version",
            "%d.%d" % sys.version_info[:2]] + list(extra)
    r = {"arguments": args, "inputs": [{"path": src, "digest": "AA=="}]}
    if rid:
        r["requestId"] = rid
    return r


def canonical_py_compile(ws, src, dfile, mode, optimize, python=None):
    """py_compile's pyc for |src| (run by |python|), put into canonical form."""
    out = ws.join("ref-%s-%s-%s.pyc" % (mode, optimize, os.path.basename(python or "self")))
    code = ("import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], "
            "dfile=sys.argv[3], doraise=True, optimize=int(sys.argv[4]), "
            "invalidation_mode=py_compile.PycInvalidationMode[sys.argv[5]])")
    subprocess.run([python or sys.executable, "-c", code, src, out, dfile, optimize,
                    mode.upper()], check=True)
    u.run_pycpack(["canonicalize", out])
    with open(out, "rb") as f:
        return f.read()


class PrecompileTest(u.WorkspaceTestCase):
    def setUp(self):
        self.dir = self.ws.join(self._testMethodName)
        os.makedirs(os.path.join(self.dir, "pkg"))
        with open(os.path.join(self.dir, "pkg", "m.py"), "w") as f:
            f.write(SOURCE)
        with open(os.path.join(self.dir, "pkg", "bad.py"), "w") as f:
            f.write("x = 1\ndef f(:\n")

    def read(self, rel):
        with open(os.path.join(self.dir, rel), "rb") as f:
            return f.read()

    def oneshot(self, args):
        return subprocess.run([u.pycpack_bin(), "precompile"] + args, cwd=self.dir,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def test_rules_python_arguments_give_py_compiles_pyc_in_canonical_form(self):
        # python/private/common_bazel.bzl passes these, in a multiline params
        # file; --src_name is the File's short_path.
        for mode in ("checked_hash", "unchecked_hash"):
            for level in ("0", "1", "2"):
                with self.subTest(mode=mode, optimize=level):
                    pyc = "out/%s-%s.pyc" % (mode, level)
                    params = os.path.join(self.dir, "p-%s-%s.params" % (mode, level))
                    with open(params, "w") as f:
                        f.write("\n".join(request("pkg/m.py", pyc, mode=mode,
                                                  optimize=level)["arguments"]) + "\n")
                    r = self.oneshot(["@" + params])
                    self.assertEqual(r.returncode, 0, r.stderr)
                    ours = self.read(pyc)
                    ref = canonical_py_compile(self.ws, os.path.join(self.dir, "pkg/m.py"),
                                               "pkg/m.py", mode, level)
                    self.assertEqual(ours, ref)
                    code = marshal.loads(ours[16:])
                    self.assertEqual(code.co_filename, "pkg/m.py")

    def test_a_foreign_python_version_compiles_with_its_interpreter(self):
        other = {xy: p for xy, p in pythons.find(("3.12", "3.13")).items()}
        if not other:
            pythons.missing(["3.12", "3.13"], self)
        xy, python = sorted(other.items())[0]
        r = self.oneshot(["--src", "pkg/m.py", "--src_name", "pkg/m.py", "--pyc", "o/m.pyc",
                          "--python_version", xy, "--interpreter", "%s=%s" % (xy, python),
                          "--invalidation_mode", "UNCHECKED_HASH"])
        self.assertEqual(r.returncode, 0, r.stderr)
        ref = canonical_py_compile(self.ws, os.path.join(self.dir, "pkg/m.py"), "pkg/m.py",
                                   "unchecked_hash", "0", python)
        self.assertEqual(self.read("o/m.pyc"), ref)

    def test_errors_are_clear_and_write_nothing(self):
        r = self.oneshot(["--src", "pkg/m.py", "--pyc", "o/a.pyc", "--src", "pkg/bad.py",
                          "--pyc", "o/b.pyc"])
        self.assertEqual(r.returncode, 1)
        self.assertIn("pkg/bad.py:2:7: SyntaxError: ", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "o")))
        cases = [
            (["--src", "pkg/m.py", "--pyc", "x", "--invalidation_mode", "TIMESTAMP"],
             "TIMESTAMP is refused"),
            (["--src", "pkg/m.py", "--pyc", "x", "--python_version", "3.99"],
             "no interpreter for --python_version 3.99"),
            (["--src", "pkg/m.py"], "need 1 --pyc, got 0"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                r = self.oneshot(args)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(message, r.stderr)
                self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "x")))

    def test_worker_serves_back_to_back_requests_and_matches_one_shot(self):
        r = self.oneshot(request("pkg/m.py", "one/m.pyc")["arguments"])
        self.assertEqual(r.returncode, 0, r.stderr)
        # The worker first compiles a few standard-library modules, which
        # changes the process's interned strings and reference counts.
        stdlib = os.path.dirname(os.__file__)
        w = Worker(self.dir, ["-j", "1"])
        names = ["argparse.py", "typing.py", "dataclasses.py", "json/decoder.py"]
        w.send(*[request(os.path.join(stdlib, n), "warm/%d.pyc" % i)
                 for i, n in enumerate(names)])
        w.send(request("pkg/m.py", "two/m.pyc"))
        for _ in range(len(names) + 1):
            self.assertEqual(w.response()["exitCode"], 0)
        rc, rest, err = w.close()
        self.assertEqual((rc, rest), (0, b""), err)
        self.assertEqual(self.read("two/m.pyc"), self.read("one/m.pyc"))
        # The worker's log has one line per request, naming its process.
        self.assertEqual(len(re.findall(r"^pycpack worker \d+: request 0: exit 0, ",
                                        err, re.M)), len(names) + 1, err)

    def test_multiplex_ids_interleave_failures_stay_local_cancel_and_sandbox(self):
        sandbox = os.path.join(self.dir, "sandbox", "7")
        shutil.copytree(os.path.join(self.dir, "pkg"), os.path.join(sandbox, "pkg"))
        w = Worker(self.dir, ["-j", "2"])
        w.send(request("pkg/m.py", "mx/a.pyc", rid=11),
               request("pkg/bad.py", "mx/bad.pyc", rid=3),
               dict(request("pkg/m.py", "mx/s.pyc", rid=8), sandboxDir="sandbox/7",
                    verbosity=1),
               request("pkg/m.py", "mx/b.pyc", rid=5), newline=True)
        got = {}
        for _ in range(4):
            resp = w.response()
            got[resp["requestId"]] = resp
        self.assertEqual(sorted(got), [3, 5, 8, 11])
        self.assertEqual(got[3]["exitCode"], 1)
        self.assertIn("pkg/bad.py:2:7: SyntaxError", got[3]["output"])
        self.assertEqual(got[5]["exitCode"], 0)
        self.assertEqual(got[11]["exitCode"], 0)
        self.assertIn("in sandbox sandbox/7", got[8]["output"])
        self.assertNotIn("output", got[11], "verbosity 0 says nothing on success")
        self.assertFalse(os.path.exists(os.path.join(self.dir, "mx", "bad.pyc")))
        self.assertEqual(self.read("sandbox/7/mx/s.pyc"), self.read("mx/a.pyc"))
        # Cancel: a request with many files, cancelled while it runs, is
        # answered once with wasCancelled (or normally if it won the race).
        many = {"arguments": [], "requestId": 21}
        for i in range(300):
            many["arguments"] += ["--src", "pkg/m.py", "--pyc", "cx/%d.pyc" % i]
        w.send(many)
        w.send({"requestId": 21, "cancel": True})
        w.send({"requestId": 999, "cancel": True})  # unknown: ignored
        resp = w.response()
        print("cancel mid-request answered: %s" % resp, file=sys.stderr)
        self.assertEqual(resp["requestId"], 21)
        if resp.get("wasCancelled"):
            self.assertFalse(os.path.exists(os.path.join(self.dir, "cx")),
                             "a cancelled request writes nothing")
        else:
            self.assertEqual(resp["exitCode"], 0)
        rc, rest, err = w.close()
        self.assertEqual((rc, rest), (0, b""), "exactly one response per request: " + err)

    def test_malformed_input_ends_the_worker_cleanly(self):
        for bad in (b'{"arguments": [1, 2', b'{"arguments": nope}', b"[1]",
                    b'{"arguments":"x"}'):
            with self.subTest(input=bad):
                w = Worker(self.dir)
                w.send(request("pkg/m.py", "ok.pyc", rid=1))
                w.send_raw(bad)
                self.assertEqual(w.response()["requestId"], 1)
                rc, rest, err = w.close()
                self.assertEqual(rc, 2)
                self.assertEqual(rest, b"")
                self.assertRegex(err, r"pycpack worker \d+: malformed")

    def test_end_of_input_exits_zero_with_nothing_on_stdout(self):
        w = Worker(self.dir)
        rc, rest, err = w.close()
        self.assertEqual((rc, rest), (0, b""), err)

    def test_memory_stays_bounded_over_thousands_of_requests(self):
        # Under AddressSanitizer (scripts/test's second pass) freed memory
        # waits in a quarantine of up to 256 MiB before it is reused, which
        # would look like growth: the worker runs without one.
        env = None
        if "ASAN_OPTIONS" in os.environ:
            env = dict(os.environ, ASAN_OPTIONS=os.environ["ASAN_OPTIONS"] +
                       ":quarantine_size_mb=0:thread_local_quarantine_size_kb=0")
        w = Worker(self.dir, ["-j", "1"], env=env)
        batch = 500
        marks = []
        for round_ in range(6):
            w.send(*[request("pkg/m.py" if i % 10 else "pkg/bad.py", "mem/%d.pyc" % (i % 50),
                             rid=round_ * batch + i + 1) for i in range(batch)])
            for _ in range(batch):
                w.response()
            marks.append(w.rss_kib())
        rc, rest, err = w.close()
        self.assertEqual(rc, 0, err)
        print("worker RSS (KiB) after each 500 requests: %s" % marks, file=sys.stderr)
        # 3,000 requests: what the first 1,000 left is all there is.
        self.assertLess(marks[-1] - marks[1], 4096, marks)


if __name__ == "__main__":
    unittest.main()
