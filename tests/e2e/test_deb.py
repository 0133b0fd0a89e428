"""The Debian package: `cpack -G DEB` with the build tree's CPack
configuration (the tree PYCPACK_BIN is in; the package is written to a
temporary directory, the build tree is only read), then `dpkg-deb -f` (the
control fields: name, version from project(), dependencies from
dpkg-shlibdeps plus the standard library), `dpkg-deb -c` (what it installs,
with which modes and owners), the unpacked binary (stripped, runs) and
`lintian` (no errors).

Installing the package on this machine (apt install, pycpack --version,
man pycpack, apt remove --purge, nothing left) changes the system: that
test runs only as root with PYCPACK_TEST_DEB_INSTALL=1, and not when a
pycpack package is already installed.

Without cpack, dpkg-deb, dpkg-shlibdeps or lintian the tests skip, naming
the package; under CI=true they fail."""

import glob
import gzip
import os
import re
import subprocess
import sys
import unittest

import e2e_util as u
import packaging_util as p

STDLIB_PACKAGE = "libpython%d.%d-stdlib" % sys.version_info[:2]
LIBPYTHON_PACKAGE = "libpython%d.%d" % sys.version_info[:2]


def run(args, **kwargs):
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=kwargs.pop("timeout", 600), **kwargs)
    return proc


def build_deb(test, ws):
    """`cpack -G DEB` with the build tree's CPack configuration, writing into
    workspace |ws|; returns the .deb's path. Skips or fails |test| (see
    packaging_util.require_tool) without the tools."""
    cpack = p.require_tool(test, "cpack", "cmake")
    p.require_tool(test, "dpkg-deb", "dpkg")
    p.require_tool(test, "dpkg-shlibdeps", "dpkg-dev")
    config = os.path.join(p.build_dir(), "CPackConfig.cmake")
    if not os.path.isfile(config):
        raise AssertionError("no CPackConfig.cmake in " + p.build_dir())
    proc = run([cpack, "-G", "DEB", "--config", config, "-B", ws.path], cwd=ws.path)
    debs = glob.glob(ws.join("*.deb"))
    if proc.returncode != 0 or len(debs) != 1:
        raise AssertionError("cpack -G DEB failed (exit %d, made %s):\n%s\n%s" % (
            proc.returncode, debs, proc.stdout, proc.stderr))
    return debs[0]


class DebTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.ws = u.Workspace("pycpack-deb-")
        try:
            cls.deb = build_deb(cls, cls.ws)
        except BaseException:
            cls.ws.close()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def field(self, name):
        proc = run(["dpkg-deb", "-f", self.deb, name])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout.rstrip("\n")

    def test_file_name_and_control_fields(self):
        arch = run(["dpkg", "--print-architecture"]).stdout.strip()
        version = p.project_version()
        self.assertEqual(os.path.basename(self.deb), "pycpack_%s_%s.deb" % (version, arch))
        self.assertEqual(self.field("Package"), "pycpack")
        self.assertEqual(self.field("Version"), version)
        self.assertEqual(self.field("Architecture"), arch)
        self.assertEqual(self.field("Section"), "devel")
        self.assertEqual(self.field("Priority"), "optional")
        self.assertRegex(self.field("Maintainer"), r"^[^<>]+ <[^<>@\s]+@[^<>\s]+>$")
        description = self.field("Description").split("\n")
        self.assertEqual(description[0],
                         "ahead-of-time Python compiler writing deterministic artifacts")
        self.assertGreater(len(description), 5)
        for line in description[1:]:
            self.assertTrue(line.startswith(" "), repr(line))
            self.assertLessEqual(len(line), 80, line)

    def test_dependencies(self):
        depends = [d.strip() for d in self.field("Depends").split(",")]
        names = {re.match(r"[\w.+-]+", d).group(0) for d in depends}
        # dpkg-shlibdeps, from the binary's ELF dependencies ...
        for package in (LIBPYTHON_PACKAGE, "libarchive13", "libc6", "libstdc++6",
                        "libzstd1", "zlib1g", "libssl3"):
            self.assertIn(package, names, depends)
        self.assertTrue(any(n.startswith("libdeflate") for n in names), depends)
        # ... and the standard library, which the embedded interpreter reads
        # as files and no ELF dependency names.
        self.assertIn(STDLIB_PACKAGE, names, depends)
        # Versions from the symbols files, not bare names, for the libraries.
        libpython = [d for d in depends if d.startswith(LIBPYTHON_PACKAGE + " ")]
        self.assertTrue(libpython and "(>=" in libpython[0], depends)

    def contents(self):
        """{path: (mode string, owner)} of `dpkg-deb -c`."""
        proc = run(["dpkg-deb", "-c", self.deb])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        result = {}
        for line in proc.stdout.splitlines():
            fields = line.split(None, 5)
            path = fields[5].split(" -> ")[0]
            result[path[1:] if path.startswith("./") else path] = (fields[0], fields[1])
        return result

    def test_contents(self):
        contents = self.contents()
        for path in ("/usr/bin/pycpack", "/usr/share/man/man1/pycpack.1.gz",
                     "/usr/share/doc/pycpack/copyright",
                     "/usr/share/doc/pycpack/changelog.gz",
                     "/usr/share/doc/pycpack/docs/manifest.md",
                     "/usr/share/bash-completion/completions/pycpack",
                     "/usr/share/zsh/vendor-completions/_pycpack",
                     "/usr/share/pycpack/WORKSPACE", "/usr/share/pycpack/bazel/defs.bzl"):
            self.assertIn(path, contents)
        self.assertEqual(contents["/usr/bin/pycpack"], ("-rwxr-xr-x", "root/root"))
        for path, (mode, owner) in contents.items():
            self.assertTrue(path == "/" or path.startswith("/usr/"), path)
            self.assertEqual(owner, "root/root", path)
            self.assertIn(mode, ("drwxr-xr-x", "-rw-r--r--", "-rwxr-xr-x"), path)
            self.assertFalse(path.endswith(".1"), "uncompressed man page " + path)

    def test_unpacked_binary_is_stripped_and_runs(self):
        root = self.ws.join("unpacked")
        proc = run(["dpkg-deb", "-x", self.deb, root])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        binary = os.path.join(root, "usr", "bin", "pycpack")
        sections = re.findall(r"^\s*\[\s*\d+\]\s+(\S+)",
                              run(["readelf", "-S", "-W", binary]).stdout, re.M)
        self.assertIn(".text", sections)
        self.assertEqual([s for s in sections if s.startswith(".debug") or s == ".symtab"],
                         [], "the binary is not stripped")
        proc = run([binary, "--version"], cwd=root)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[0], "pycpack " + p.project_version())
        self.assertIn("(magic number %d," % p.magic_number(), proc.stdout)
        with gzip.open(os.path.join(root, "usr/share/man/man1/pycpack.1.gz"), "rt") as f:
            page = f.read()
        self.assertIn('.SH "PYCPACK BUILD"', page)
        with gzip.open(os.path.join(root, "usr/share/doc/pycpack/changelog.gz"), "rt") as f:
            self.assertTrue(f.read().startswith("pycpack (%s) " % p.project_version()))

    def test_lintian_reports_no_errors(self):
        lintian = p.require_tool(self, "lintian", "lintian")
        proc = run([lintian, "--allow-root", "--display-info", self.deb])
        tags = [line for line in (proc.stdout + proc.stderr).splitlines()
                if re.match(r"[EWIXP]: ", line)]
        errors = [line for line in tags if line.startswith("E: ")]
        self.assertEqual(errors, [], "\n".join(tags))
        # Only errors fail lintian; anything else it exits 0 for.
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)


class DebInstallTest(unittest.TestCase):
    """apt install of the package, then remove --purge: changes the system,
    so it runs only when asked (see the module's docstring)."""

    def test_install_run_remove(self):
        if os.environ.get("PYCPACK_TEST_DEB_INSTALL") != "1" or os.geteuid() != 0:
            self.skipTest("installs a package system-wide: runs as root with "
                          "PYCPACK_TEST_DEB_INSTALL=1 only")
        status = run(["dpkg-query", "-W", "-f=${Status}", "pycpack"]).stdout
        if "installed" in status and "not-installed" not in status:
            self.skipTest("a pycpack package is installed already; left alone")
        ws = u.Workspace("pycpack-deb-install-")
        self.addCleanup(ws.close)
        deb = build_deb(self, ws)
        apt = ["apt-get", "-y", "-q", "-o", "DPkg::Lock::Timeout=120"]
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        self.addCleanup(run, apt + ["remove", "--purge", "pycpack"], env=env)
        proc = run(apt + ["install", "--no-install-recommends", deb], env=env)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        listed = run(["dpkg", "-L", "pycpack"]).stdout.split()
        self.assertIn("/usr/bin/pycpack", listed)
        proc = run(["/usr/bin/pycpack", "--version"], cwd="/")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[0], "pycpack " + p.project_version())
        proc = run(["man", "pycpack"], env=dict(os.environ, MANWIDTH="80", LC_ALL="C",
                                                  MANPAGER="cat", PAGER="cat"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("PYCPACK BUILD", proc.stdout)
        proc = run(apt + ["remove", "--purge", "pycpack"], env=env)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        # Every file the package had is gone; directories only if nothing
        # else uses them.
        left = [path for path in listed
                if os.path.lexists(path) and not os.path.isdir(path)]
        self.assertEqual(left, [])
        for path in ("/usr/share/doc/pycpack", "/usr/share/pycpack"):
            self.assertFalse(os.path.lexists(path), path)


if __name__ == "__main__":
    unittest.main()
