"""`cmake --install` of the build tree into a temporary prefix gives a
pycpack that works from anywhere: it builds every example manifest in
manifests/ (copied, with the trees they name, outside the checkout, and run
from yet another directory), reports its versions, and its manual page,
shell completion, documents and Bazel rules are where packaging/CMakeLists.txt
and README.md say.

The build tree is the one PYCPACK_BIN is in. Without cmake, help2man or man
the test skips, naming the package; under CI=true it fails."""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import unittest

import e2e_util as u
import packaging_util as p

# Where each installed file is documented to go, relative to the prefix.
BINARY = "bin/pycpack"
MAN_PAGE = "share/man/man1/pycpack.1.gz"
BASH_COMPLETION = "share/bash-completion/completions/pycpack"
ZSH_COMPLETION = "share/zsh/vendor-completions/_pycpack"
DOC_DIR = "share/doc/pycpack"
DATA_DIR = "share/pycpack"


class InstallTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cmake = p.require_tool(cls, "cmake", "cmake")
        p.require_tool(cls, "help2man", "help2man")
        cls.man = p.require_tool(cls, "man", "man-db")
        cls.build = p.build_dir()
        cls.ws = u.Workspace("pycpack-install-")
        cls.prefix = cls.ws.join("prefix")
        proc = subprocess.run([cmake, "--install", cls.build, "--prefix", cls.prefix],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=300)
        if proc.returncode != 0:
            cls.ws.close()
            raise AssertionError("cmake --install failed: " + proc.stderr)
        cls.install_log = proc.stdout
        cls.bin = os.path.join(cls.prefix, BINARY)

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def installed(self, rel):
        return os.path.join(self.prefix, rel)

    def run_installed(self, args, cwd, **kwargs):
        """The installed pycpack, from |cwd|, with an environment that names
        neither the checkout nor the build tree."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("PYCPACK_") and k != "SOURCE_DATE_EPOCH"}
        env["XDG_CACHE_HOME"] = self.ws.cache
        return subprocess.run([self.bin] + args, cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=300, **kwargs)

    # ------------------------------------------------------------- layout

    def test_files_are_where_documented(self):
        self.assertTrue(os.access(self.bin, os.X_OK), self.bin)
        for rel in (MAN_PAGE, BASH_COMPLETION, ZSH_COMPLETION, DOC_DIR + "/README.md",
                    DOC_DIR + "/copyright", DOC_DIR + "/docs/manifest.md",
                    DOC_DIR + "/docs/cli.md", DOC_DIR + "/docs/manifest.schema.json",
                    DATA_DIR + "/WORKSPACE", DATA_DIR + "/bazel/defs.bzl"):
            self.assertTrue(os.path.isfile(self.installed(rel)), rel + " not installed")
        with open(self.installed(MAN_PAGE), "rb") as f:
            self.assertEqual(f.read(2), b"\x1f\x8b", "the man page is not gzipped")

    def test_bazel_rules_are_a_repository(self):
        source = os.path.join(u.SOURCE_DIR, "bazel")
        want = {os.path.relpath(f, source) for f in glob.glob(source + "/**", recursive=True)
                if os.path.isfile(f)}
        target = self.installed(DATA_DIR + "/bazel")
        got = {os.path.relpath(f, target) for f in glob.glob(target + "/**", recursive=True)
               if os.path.isfile(f)}
        self.assertEqual(got, want)
        with open(self.installed(DATA_DIR + "/WORKSPACE")) as f:
            self.assertIn('workspace(name = "pycpack")', f.read())

    def test_completion_files(self):
        with open(self.installed(BASH_COMPLETION), "rb") as f, open(os.path.join(
                u.SOURCE_DIR, "packaging", "completion", "pycpack.bash"), "rb") as g:
            self.assertEqual(f.read(), g.read())
        # The zsh wrapper sources the bash script by a path relative to itself.
        with open(self.installed(ZSH_COMPLETION)) as f:
            text = f.read()
        self.assertTrue(text.startswith("#compdef pycpack\n"))
        m = re.search(r':h\}/(\S+)"', text)
        self.assertIsNotNone(m, text)
        self.assertEqual(
            os.path.normpath(os.path.join(os.path.dirname(self.installed(ZSH_COMPLETION)),
                                          m.group(1))),
            self.installed(BASH_COMPLETION))
        program = ('source "$1"; COMP_WORDS=(pycpack build --force-mode ""); COMP_CWORD=3; '
                   '__pycpack_complete; echo "${COMPREPLY[*]}"')
        proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", program, "bash",
                               self.installed(BASH_COMPLETION)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertEqual(proc.stdout.strip(),
                         "py-only pyc-only py+pyc-checked py+pyc-unchecked", proc.stderr)

    def test_nothing_refers_to_the_checkout_or_build_tree(self):
        roots = [os.path.realpath(u.SOURCE_DIR), self.build]
        for dirpath, _, filenames in os.walk(self.prefix):
            for name in filenames:
                path = os.path.join(dirpath, name)
                if path == self.bin:
                    continue  # its debug information names the sources
                with open(path, "rb") as f:
                    data = f.read()
                for root in roots:
                    self.assertNotIn(root.encode(), data, path)
        # The binary finds its libraries without the build tree: no RPATH or
        # RUNPATH into it, and every library ldd resolves is outside both.
        proc = subprocess.run(["ldd", self.bin], stdout=subprocess.PIPE, text=True)
        self.assertEqual(proc.returncode, 0)
        self.assertNotIn("not found", proc.stdout)
        for root in roots:
            self.assertNotIn(root, proc.stdout)
        if shutil.which("readelf"):
            dyn = subprocess.run(["readelf", "-d", self.bin], stdout=subprocess.PIPE,
                                 text=True).stdout
            self.assertNotRegex(dyn, r"R(UN)?PATH")

    # ------------------------------------------------------------ running

    def test_version(self):
        proc = self.run_installed(["--version"], cwd=self.ws.path)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertEqual(lines[0], "pycpack " + p.project_version())
        m = re.fullmatch(r"embedded CPython: (\d+)\.(\d+)\.\d+\S* "
                         r"\(magic number (\d+), cache tag (\S+)\)", lines[1])
        self.assertIsNotNone(m, lines[1])
        self.assertEqual((int(m.group(1)), int(m.group(2))), sys.version_info[:2])
        self.assertEqual(int(m.group(3)), p.magic_number())
        self.assertEqual(m.group(4), sys.implementation.cache_tag)
        if sys.version_info[:2] == (3, 11):
            self.assertIn("(magic number 3495, cache tag cpython-311)", lines[1])
        self.assertEqual(lines[2], "canonical pyc form: version 1")
        names = [line.split(": ", 1)[0] for line in lines[3:]]
        self.assertEqual(names, ["libarchive", "libdeflate", "libzstd", "zlib", "OpenSSL"])
        for line in lines[3:]:
            self.assertRegex(line, r"^[\w ]+: \d+\.\d+", line)

    def copy_manifests(self, dest):
        """manifests/*.json copied to |dest|/manifests, with every library
        root and wheel they name (relative paths) at the same place relative
        to them. Returns the copied manifests."""
        copied = []
        for manifest in sorted(glob.glob(os.path.join(u.SOURCE_DIR, "manifests", "*.json"))):
            with open(manifest) as f:
                data = json.load(f)
            for lib in data.get("libraries", []):
                for key in ("root", "wheel"):
                    rel = lib.get(key)
                    if not isinstance(rel, str) or os.path.isabs(rel):
                        continue
                    src = os.path.normpath(os.path.join(u.SOURCE_DIR, "manifests", rel))
                    dst = os.path.normpath(os.path.join(dest, "manifests", rel))
                    if os.path.exists(dst):
                        continue
                    if os.path.isdir(src):
                        shutil.copytree(src, dst, symlinks=True)
                    else:
                        os.makedirs(os.path.dirname(dst), exist_ok=True)
                        shutil.copy2(src, dst)
            os.makedirs(os.path.join(dest, "manifests"), exist_ok=True)
            target = os.path.join(dest, "manifests", os.path.basename(manifest))
            shutil.copy2(manifest, target)
            copied.append((target, data))
        return copied

    def test_builds_the_example_manifests_from_elsewhere(self):
        copied = self.copy_manifests(self.ws.join("examples"))
        self.assertGreaterEqual(len(copied), 5)
        elsewhere = self.ws.join("cwd")
        os.makedirs(elsewhere)
        for manifest, data in copied:
            name = os.path.basename(manifest)[:-len(".json")]
            out = self.ws.join("out", name)
            with self.subTest(manifest=name):
                proc = self.run_installed(["build", manifest, "--output-dir", out, "--json"],
                                          cwd=elsewhere)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                report = json.loads(proc.stdout)
                self.assertEqual(report["exit_code"], 0)
                for output in data["outputs"]:
                    self.assertTrue(os.path.exists(os.path.join(out, output["path"])),
                                    output["path"])
        self.assertEqual(os.listdir(elsewhere), [])

    def test_man_page_renders_every_subcommand(self):
        env = dict(os.environ, MANWIDTH="80", LC_ALL="C", MANPAGER="cat", PAGER="cat")
        proc = subprocess.run([self.man, "-l", self.installed(MAN_PAGE)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        page = proc.stdout
        self.assertNotIn("\b", page)
        for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS",
                        "ENVIRONMENT", "FILES", "SEE ALSO"):
            self.assertRegex(page, r"(?m)^%s$" % section)
        self.assertIn("SOURCE_DATE_EPOCH", page)
        self.assertIn("XDG_CACHE_HOME", page)
        self.assertRegex(page, r"pycpack %s\s" % re.escape(p.project_version()))
        # A section per subcommand, with every option its --help lists, and
        # known options by name (so that an empty list cannot pass).
        known = {"build": "--force-mode", "canonicalize": "--check", "verify": "--python",
                 "inspect": "--json", "precompile": "--src_name"}
        subs = p.listed_subcommands(self.bin)
        self.assertEqual(sorted(subs), sorted(known))
        for sub in subs:
            with self.subTest(sub=sub):
                m = re.search(r"(?ms)^PYCPACK %s$(.*?)(?=^[A-Z][A-Z ]+$)" % sub.upper(), page)
                self.assertIsNotNone(m, "no section PYCPACK %s" % sub.upper())
                body = m.group(1)
                self.assertIn("pycpack " + sub, body)
                self.assertIn(known[sub], body)
                for option in p.listed_options([sub], self.bin):
                    self.assertRegex(body, r"(?<![\w-])%s(?![\w-])" % re.escape(option))


if __name__ == "__main__":
    unittest.main()
