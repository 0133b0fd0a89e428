"""Reading archives never starts an external program, whatever the input's
magic bytes say. libarchive can run lrzip, lzop, grzip, lz4 and others as
filters; pycpack enables only its built-in tar, zip, gzip, zstd, xz and
bzip2 readers (src/archive/archive_reader.h). Each input below carries
another compressor's magic; `verify`, `inspect` and a build from a wheel
run under strace, and no execve may name anything but pycpack itself and
the Python interpreters it was told to use."""

import os
import re
import shutil
import subprocess
import sys
import unittest

import e2e_util as u

# Magic numbers of the compressors libarchive would hand to a program.
MAGICS = {
    "lrzip": b"LRZI\x00\x06" + b"\x00" * 10,
    "lzop": b"\x89LZO\x00\r\n\x1a\n" + b"\x10\x30\x20\xa0" + b"\x00" * 8,
    "grzip": b"GRZipII\x00\x02\x04:)" + b"\x00" * 8,
    "lz4": b"\x04\x22\x4d\x18\x64\x40\xa7" + b"\x00" * 8,
    "lz4-legacy": b"\x02\x21\x4c\x18" + b"\x00" * 8,
    "lzip": b"LZIP\x01\x0c" + b"\x00" * 10,
    "compress": b"\x1f\x9d\x90" + b"\x00" * 10,
    "uuencode": b"begin 644 x.tar\nM86)C\n`\nend\n",
}


class NoExternalProgramsTest(u.WorkspaceTestCase):
    @classmethod
    def setUpClass(cls):
        if not shutil.which("strace"):
            msg = "strace is not installed (Debian: apt-get install strace)"
            if u.pythons.in_ci():
                raise AssertionError(msg + "; CI=true requires it")
            raise unittest.SkipTest(msg)
        super().setUpClass()

    def traced(self, args, name):
        trace = self.ws.join("trace-%s.txt" % name)
        r = subprocess.run(["strace", "-f", "-qq", "-e", "trace=execve", "-o", trace,
                            u.pycpack_bin()] + args, cwd=self.ws.path,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=120)
        with open(trace) as f:
            programs = re.findall(r'execve\("([^"]+)"', f.read())
        return r, programs

    def allowed(self, program):
        return (os.path.realpath(program) in (os.path.realpath(u.pycpack_bin()),
                                              os.path.realpath(sys.executable))
                or program == "/proc/self/exe")

    def check(self, args, name):
        r, programs = self.traced(args, name)
        others = [p for p in programs if not self.allowed(p)]
        self.assertEqual(others, [], "%s started other programs" % " ".join(args[:1]))
        self.assertNotEqual(r.returncode, 0)
        errors = [l for l in r.stderr.splitlines() if l.startswith("pycpack: error:")]
        self.assertEqual(len(errors), 1, r.stderr)
        return r

    def test_verify_and_inspect_read_no_foreign_compression(self):
        for name, magic in MAGICS.items():
            path = self.ws.join("artifact-%s.tar" % name)
            with open(path, "wb") as f:
                f.write(magic + b"\x00" * 4096)
            with self.subTest(compressor=name, command="verify"):
                r = self.check(["verify", path, "--python", sys.executable], name + "-v")
                self.assertIn("not a tar or zip archive", r.stderr)
            with self.subTest(compressor=name, command="inspect"):
                self.check(["inspect", path], name + "-i")

    def test_a_wheel_input_with_foreign_magic_is_refused_without_a_program(self):
        for name, magic in MAGICS.items():
            with self.subTest(compressor=name):
                wheels = self.ws.join("wheels-" + name)
                os.makedirs(wheels)
                with open(os.path.join(wheels, "demo-1.0-py3-none-any.whl"), "wb") as f:
                    f.write(magic + b"\x00" * 4096)
                m = self.ws.write_manifest(u.manifest(
                    [{"name": "demo", "wheel": "wheels-%s/demo-1.0-py3-none-any.whl" % name}],
                    [{"path": "out-%s" % name, "format": "dir"}]), "m-%s.json" % name)
                r = self.check(["build", m, "--no-cache"], name + "-b")
                self.assertIn("demo-1.0-py3-none-any.whl", r.stderr)


if __name__ == "__main__":
    unittest.main()
