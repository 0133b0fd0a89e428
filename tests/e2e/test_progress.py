"""The progress display: on a terminal a build shows one self-redrawing line
with the phase (planning, compiling, writing each output), a percentage,
files per second and the time left; nothing of it when stdout or stderr is
not a terminal, or with -q or --json."""

import os
import pty
import re
import select
import subprocess
import unittest

import e2e_util as u

ESC = "\x1b[K"
# Big enough modules for a compile phase of a second or more at -j 1, so
# that the rate and the time left are drawn.
MODULES = 300
LINES = 400


def run_on_terminal(args, env, stdout_tty=True):
    """Runs pycpack with stderr (and stdout, if |stdout_tty|) on a pseudo-
    terminal; returns (exit status, what the terminal showed, stdout when
    it was a pipe)."""
    master, slave = pty.openpty()
    out = slave if stdout_tty else subprocess.PIPE
    proc = subprocess.Popen([u.pycpack_bin()] + args, stdin=subprocess.DEVNULL,
                            stdout=out, stderr=slave, env=env)
    os.close(slave)
    shown = b""
    piped = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            proc.kill()
            raise AssertionError("pycpack printed nothing for 120 s")
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    if proc.stdout:
        piped = proc.stdout.read()
        proc.stdout.close()
    status = proc.wait(timeout=120)
    os.close(master)
    return status, shown.decode("utf-8", "replace"), piped.decode("utf-8", "replace")


class ProgressTest(u.WorkspaceTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        root = cls.ws.join("src")
        for i in range(MODULES):
            pkg = os.path.join(root, "pkg%02d" % (i // 50))
            os.makedirs(pkg, exist_ok=True)
            with open(os.path.join(pkg, "m%03d.py" % i), "w") as f:
                for j in range(LINES // 2):
                    f.write("def f%d(x):\n    return [x * %d + y for y in range(%d)]\n"
                            % (j, i, j))
        cls.manifest = cls.ws.write_manifest(u.manifest(
            [("app", root)],
            [{"path": "out/app.tar.gz", "format": "tar.gz"},
             {"path": "out/app.zip", "format": "zip"}]))
        cls.env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        cls.env["XDG_CACHE_HOME"] = cls.ws.cache

    def build(self, extra, stdout_tty=True):
        return run_on_terminal(["build", self.manifest, "--no-cache", "-j", "1"] + extra,
                               self.env, stdout_tty)

    def test_phases_percent_rate_and_time_left_on_one_line(self):
        status, shown, _ = self.build([])
        self.assertEqual(status, 0, shown)
        # The pty turns \n into \r\n; every redraw starts with \r ESC[K.
        draws = [d for d in shown.replace("\r\n", "\n").split("\r" + ESC) if d]
        self.assertTrue(any(d.startswith("planning ") for d in draws), draws[:5])
        compiling = [d for d in draws if d.startswith("compiling")]
        self.assertTrue(compiling, draws)
        for d in compiling:
            self.assertRegex(d, r"^compiling +\d+%%  \d+/%d files" % MODULES)
        timed = [d for d in compiling
                 if re.search(r"  \d+ files/s  \d+:\d\d left", d)]
        self.assertTrue(timed, compiling)
        self.assertIn("compiling 100%%  %d/%d files" % (MODULES, MODULES),
                      "\n".join(compiling))
        writing = [d for d in draws if d.startswith("writing ")]
        self.assertEqual([w.split("  ")[0] for w in writing], ["writing 1/2", "writing 2/2"],
                         writing)
        self.assertTrue(writing[0].endswith("app.tar.gz"), writing)
        # One line: no progress text is ever followed by a newline, and the
        # last thing drawn is cleared before the summary.
        for d in draws:
            if d.startswith(("planning", "compiling", "writing")):
                self.assertNotIn("\n", d, d)
        # After the last clear comes only the summary, on lines of its own.
        self.assertTrue(shown.split("\r" + ESC)[-1].startswith("pycpack: "), shown[-300:])

    def test_no_progress_when_stdout_is_not_a_terminal(self):
        status, shown, piped = self.build([], stdout_tty=False)
        self.assertEqual(status, 0, shown)
        self.assertNotIn(ESC, shown)
        self.assertNotIn("compiling", shown)
        self.assertNotIn(ESC, piped)

    def test_no_progress_when_stderr_is_not_a_terminal(self):
        proc = subprocess.run([u.pycpack_bin(), "build", self.manifest, "--no-cache"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn(b"\x1b", proc.stderr)
        self.assertNotIn(b"compiling", proc.stderr)

    def test_no_progress_with_quiet_or_json(self):
        for flag in ("-q", "--json"):
            status, shown, _ = self.build([flag])
            self.assertEqual(status, 0, shown)
            self.assertNotIn(ESC, shown, flag)
            self.assertNotIn("compiling", shown, flag)
            self.assertNotIn("planning", shown, flag)


if __name__ == "__main__":
    unittest.main()
