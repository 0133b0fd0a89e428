"""Shell completion (packaging/completion/): the bash script is sourced in a
bash without the bash-completion package (and again with it, when
installed), the completion function is called as bash would call it
(COMP_WORDS, COMP_CWORD) and COMPREPLY is read. Every subcommand and every
option that `pycpack --help` and `pycpack SUB --help` list must be offered,
so a new option without completion fails here. The zsh wrapper is tried
when zsh is installed."""

import os
import pty
import re
import select
import shutil
import signal
import subprocess
import time
import unittest

import e2e_util as u
from packaging_util import listed_options, listed_subcommands, require_tool

BASH_SCRIPT = os.path.join(u.SOURCE_DIR, "packaging", "completion", "pycpack.bash")
BASH_COMPLETION = "/usr/share/bash-completion/bash_completion"
MODES = ["py-only", "pyc-only", "py+pyc-checked", "py+pyc-unchecked"]


def quote(word):
    return "'" + word.replace("'", "'\\''") + "'"


def complete(words, cwd=None, with_bash_completion=False, script=BASH_SCRIPT):
    """COMPREPLY for the command line |words| (the last one is the word being
    completed), in a bash started without any startup file."""
    prelude = ""
    if with_bash_completion:
        prelude = "source %s\n" % quote(BASH_COMPLETION)
    program = (prelude + "source %s\n" % quote(script) +
               "COMP_WORDS=(%s)\n" % " ".join(quote(w) for w in words) +
               "COMP_CWORD=%d\n" % (len(words) - 1) +
               'COMP_LINE="${COMP_WORDS[*]}"\nCOMP_POINT=${#COMP_LINE}\n'
               "__pycpack_complete\n"
               'printf "%s\\n" "${COMPREPLY[@]}"\n')
    proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=60)
    if proc.returncode != 0 or proc.stderr:
        raise AssertionError("bash completion of %r failed (exit %d): %s" % (
            words, proc.returncode, proc.stderr))
    return [line for line in proc.stdout.split("\n") if line]


class BashCompletionTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        require_tool(cls, "bash", "bash")

    def test_force_mode_offers_the_four_modes(self):
        self.assertEqual(complete(["pycpack", "build", "--force-mode", ""]), MODES)
        self.assertEqual(complete(["pycpack", "build", "m.json", "--force-mode", "py+"]),
                         ["py+pyc-checked", "py+pyc-unchecked"])
        # --force-mode=py: bash splits the word at '=' (COMP_WORDBREAKS).
        self.assertEqual(complete(["pycpack", "build", "--force-mode", "=", ""]), MODES)
        self.assertEqual(complete(["pycpack", "build", "--force-mode", "=", "pyc"]),
                         ["pyc-only"])

    def test_subcommands_are_those_help_lists(self):
        subs = listed_subcommands()
        self.assertIn("build", subs)
        self.assertEqual(sorted(complete(["pycpack", ""])), sorted(subs))
        self.assertEqual(complete(["pycpack", "ver"]), ["verify"])
        self.assertNotIn("__worker", complete(["pycpack", "_"]))

    def test_every_option_help_lists_is_offered(self):
        for args in [[]] + [[sub] for sub in listed_subcommands()]:
            with self.subTest(args=args):
                listed = listed_options(args)
                self.assertTrue(listed, "no options found in %r --help" % args)
                offered = set(complete(["pycpack"] + args + ["-"]))
                self.assertEqual(listed - offered, set(),
                                 "listed by --help, not completed")
                # precompile's own help does not list -h/--help.
                self.assertEqual(offered - listed - {"-h", "--help"}, set(),
                                 "completed, not listed by --help")

    def test_option_values(self):
        self.assertEqual(complete(["pycpack", "verify", "a.zip", "--optimize", ""]),
                         ["0", "1", "2"])
        self.assertEqual(complete(["pycpack", "precompile", "--invalidation_mode", "U"]),
                         ["UNCHECKED_HASH"])
        self.assertIn("embedded", complete(["pycpack", "build", "--target", "e"]))
        # A value nothing can guess gets no words (not the option list).
        self.assertEqual(complete(["pycpack", "build", "--variant", ""]), [])

    def file_tree(self):
        ws = u.Workspace()
        self.addCleanup(ws.close)
        for name in ("app.json", "notes.txt", "app.tar.gz", "app.tar.zst", "w.whl",
                     "mod.pyc", "my file.json"):
            with open(ws.join(name), "w") as f:
                f.write("x")
        os.makedirs(ws.join("dist"))
        return ws.path

    def test_file_arguments(self):
        cwd = self.file_tree()
        self.assertEqual(sorted(complete(["pycpack", "build", ""], cwd=cwd)),
                         ["app.json", "dist", "my file.json"])
        self.assertEqual(sorted(complete(["pycpack", "verify", ""], cwd=cwd)),
                         ["app.tar.gz", "app.tar.zst", "dist", "w.whl"])
        self.assertEqual(sorted(complete(["pycpack", "inspect", "app"], cwd=cwd)),
                         ["app.tar.gz", "app.tar.zst"])
        self.assertEqual(sorted(complete(["pycpack", "canonicalize", ""], cwd=cwd)),
                         ["dist", "mod.pyc"])
        self.assertEqual(complete(["pycpack", "build", "a.json", "--output-dir", ""],
                                  cwd=cwd), ["dist"])
        self.assertEqual(complete(["pycpack", "precompile", "@no"], cwd=cwd),
                         ["@notes.txt"])

    def test_with_bash_completion_loaded(self):
        if not os.path.exists(BASH_COMPLETION):
            msg = "bash-completion is not installed (Debian: apt-get install bash-completion)"
            if u.pythons.in_ci():
                self.fail(msg + "; CI=true requires it")
            self.skipTest(msg)
        self.assertEqual(complete(["pycpack", "build", "--force-mode", ""],
                                  with_bash_completion=True), MODES)
        self.assertEqual(sorted(complete(["pycpack", "build", ""], cwd=self.file_tree(),
                                         with_bash_completion=True)),
                         ["app.json", "dist", "my file.json"])


class ZshCompletionTest(unittest.TestCase):
    """The zsh wrapper (packaging/completion/_pycpack.in), laid out as
    installed (share/zsh/vendor-completions/_pycpack beside
    share/bash-completion/completions/pycpack): an interactive zsh in a
    pseudo-terminal, with compinit, is sent `pycpack build --force-mode `
    and two tabs, and must list the four modes. Run only where zsh is
    installed."""

    def zsh_session(self, fpath_dir, keys, expect, timeout=20):
        """What an interactive `zsh -f` prints after the setup and |keys|,
        read until every string in |expect| appeared or |timeout| passed."""
        pid, fd = pty.fork()
        if pid == 0:  # the child: an interactive zsh without startup files
            os.environ["TERM"] = "dumb"
            os.execvp("zsh", ["zsh", "-f", "-i"])
        out = b""

        def read_until(done, seconds):
            nonlocal out
            end = time.monotonic() + seconds
            while not done() and time.monotonic() < end:
                ready, _, _ = select.select([fd], [], [], 0.1)
                if ready:
                    try:
                        out += os.read(fd, 65536)
                    except OSError:
                        return
        try:
            setup = ("PS1='READY%%# '; fpath=(%s $fpath); autoload -U compinit; "
                     "compinit -u -D; print SET''UP-DONE\n" % quote(fpath_dir))
            os.write(fd, setup.encode())
            read_until(lambda: b"SETUP-DONE" in out, timeout)
            start = len(out)
            os.write(fd, keys)
            read_until(lambda: all(e.encode() in out[start:] for e in expect), timeout)
            return out[start:].decode("utf-8", "replace")
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(fd)

    def test_zsh_lists_the_modes(self):
        if not shutil.which("zsh"):
            self.skipTest("zsh is not installed (tested only where it is)")
        ws = u.Workspace()
        self.addCleanup(ws.close)
        zdir = ws.join("share", "zsh", "vendor-completions")
        bdir = ws.join("share", "bash-completion", "completions")
        os.makedirs(zdir)
        os.makedirs(bdir)
        shutil.copy(BASH_SCRIPT, os.path.join(bdir, "pycpack"))
        with open(os.path.join(u.SOURCE_DIR, "packaging", "completion",
                               "_pycpack.in")) as f:
            wrapper = f.read().replace("@PYCPACK_ZSH_TO_BASH@",
                                       "../../bash-completion/completions/pycpack")
        with open(os.path.join(zdir, "_pycpack"), "w") as f:
            f.write(wrapper)
        shown = self.zsh_session(zdir, b"pycpack build --force-mode \t\t", MODES)
        for mode in MODES:
            self.assertIn(mode, shown)
        self.assertNotIn("command not found", shown)


if __name__ == "__main__":
    unittest.main()
