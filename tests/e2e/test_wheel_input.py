"""Libraries given as wheels: wheels made here with zipfile are built
pyc-only and py+pyc-checked into dir and zip outputs, whose modules then
import from their pycs on a read-only copy; hostile or broken wheels stop
the build with one line naming the wheel and the member, write nothing and
leave no temporary directory behind."""

import base64
import hashlib
import json
import os
import stat
import sys
import unittest
import warnings
import zipfile

import e2e_util as u

WHEEL_TEXT = ("Wheel-Version: 1.0\nGenerator: test_wheel_input\n"
              "Root-Is-Purelib: true\nTag: py3-none-any\n")

# name-version -> {member: content}, without the .dist-info files.
PURE = ("purepkg", "1.0", {
    "purepkg/__init__.py": '"""A pure package."""\nVERSION = "1.0"\n',
    "purepkg/core.py": ('def add(a, b):\n    """Adds."""\n'
                        '    return a + b\n'),
    "purepkg/data.txt": "some data\n",
})
DATA = ("datapkg", "2.0", {
    "datapkg/__init__.py": "from datapkg._plat import PLAT\n",
    "datapkg-2.0.data/purelib/datapkg_extra.py": "EXTRA = 'extra'\n",
    "datapkg-2.0.data/platlib/datapkg/_plat.py": "PLAT = 'plat'\n",
    "datapkg/notes.txt": "left out by the manifest\n",
})
# Modules of the two wheels and the file each is in once installed.
MODULES = {
    "purepkg": "purepkg/__init__.py",
    "purepkg.core": "purepkg/core.py",
    "datapkg": "datapkg/__init__.py",
    "datapkg._plat": "datapkg/_plat.py",
    "datapkg_extra": "datapkg_extra.py",
}
# Imports the modules given and prints what they compute.
PROGRAM = r'''
import importlib, json, sys
mods = {n: importlib.import_module(n) for n in sys.argv[1].split(",")}
print(json.dumps({
    "add": mods["purepkg.core"].add(2, 3),
    "version": mods["purepkg"].VERSION,
    "plat": mods["datapkg"].PLAT,
    "extra": mods["datapkg_extra"].EXTRA,
    "loaders": {n: type(m.__spec__.loader).__name__ for n, m in mods.items()},
    "files": {n: m.__file__ for n, m in mods.items()},
}))
'''


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest())
    return "%s,sha256=%s,%d\n" % (name, digest.rstrip(b"=").decode(),
                                  len(data))


def dist_info_files(name, version, files):
    """{member: bytes} of a .dist-info for |files| (METADATA, WHEEL, RECORD)."""
    info = "%s-%s.dist-info/" % (name, version)
    meta = {info + "METADATA": ("Metadata-Version: 2.1\nName: %s\n"
                                "Version: %s\n" % (name, version)).encode(),
            info + "WHEEL": WHEEL_TEXT.encode()}
    record = "".join(record_line(n, d) for n, d in
                     sorted(dict(files, **meta).items()))
    record += info + "RECORD,,\n"
    meta[info + "RECORD"] = record.encode()
    return meta


def write_zip(path, members):
    """A zip of |members|: (name or ZipInfo, bytes) pairs, written as they
    are (repeated names included)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members:
                z.writestr(name, data)
    return path


def wheel_members(spec, extra=()):
    """(name, bytes) pairs of the wheel |spec| plus |extra|."""
    name, version, files = spec
    files = {n: d.encode() for n, d in files.items()}
    members = list(files.items()) + list(extra)
    return members + list(dist_info_files(name, version, files).items())


def symlink_info(name):
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix: external_attr holds st_mode
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


class WheelBuildTest(u.WorkspaceTestCase):
    """Both wheels built once per mode into a dir and a zip."""

    MODES = ("pyc-only", "py+pyc-checked")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ws = cls.ws
        os.makedirs(ws.join("wheels"))
        cls.wheels = {}
        for spec in (PURE, DATA):
            path = ws.join("wheels", "%s-%s-py3-none-any.whl" % spec[:2])
            cls.wheels[spec[0]] = write_zip(path, wheel_members(spec))
        path = ws.write_manifest(u.manifest(
            [{"name": "pure", "wheel": "wheels/purepkg-1.0-py3-none-any.whl"},
             {"name": "data", "wheel": "wheels/datapkg-2.0-py3-none-any.whl",
              "exclude": ["**/*.txt"]}],
            [{"path": "site", "format": "dir"},
             {"path": "site.zip", "format": "zip"}]))
        cls.tmpdir = ws.join("tmpdir")
        os.makedirs(cls.tmpdir)
        env = dict(os.environ, TMPDIR=cls.tmpdir)
        cls.builds = {}
        for mode in cls.MODES:
            out = ws.join("out-" + mode)
            os.makedirs(out)
            cls.builds[mode] = (out, ws.run(
                ["build", path, "--force-mode", mode, "--output-dir", out],
                env=env))

    def artifact(self, mode, fmt):
        return u.built_artifact(self, self.builds, mode, fmt, stem="site")

    def test_no_temporary_directory_is_left(self):
        for mode in self.MODES:
            self.artifact(mode, "dir")
        self.assertEqual(os.listdir(self.tmpdir), [])

    def test_artifact_is_the_installed_tree(self):
        for mode in self.MODES:
            for fmt in ("dir", "zip"):
                with self.subTest(mode=mode, format=fmt):
                    root = u.unpack(self.artifact(mode, fmt), fmt,
                                    self.ws.join("tree", mode + fmt))
                    files = u.files_of(root)
                    expected = set()
                    for rel in MODULES.values():
                        expected.add(u.pyc_name(rel, mode, 0))
                        if mode != "pyc-only":
                            expected.add(rel)
                    expected.add("purepkg/data.txt")  # "pure" excludes none
                    for name, version in (PURE[:2], DATA[:2]):
                        info = "%s-%s.dist-info/" % (name, version)
                        expected |= {info + "METADATA", info + "WHEEL",
                                     info + "RECORD"}
                    self.assertEqual(set(files), expected)
                    self.assertEqual(
                        files["purepkg-1.0.dist-info/WHEEL"][2],
                        WHEEL_TEXT.encode())
                    self.assertFalse(any(".data" in p for p in u.tree(root)))

    def test_modules_import_from_pycs_on_a_read_only_copy(self):
        for mode in self.MODES:
            for fmt in ("dir", "zip"):
                with self.subTest(mode=mode, format=fmt):
                    root = self.ws.unpacked_read_only(
                        self.artifact(mode, fmt), fmt, mode + "-" + fmt)
                    before = u.tree(root)
                    proc = u.run_python(
                        ["-v", "-c", PROGRAM, ",".join(MODULES)],
                        pythonpath=root)
                    self.assertEqual(proc.returncode, 0, proc.stderr[-3000:])
                    result = json.loads(proc.stdout)
                    self.assertEqual(
                        (result["add"], result["version"], result["plat"],
                         result["extra"]), (5, "1.0", "plat", "extra"))
                    sources = u.code_object_sources(proc.stderr)
                    for name, rel in MODULES.items():
                        pyc = os.path.join(root, u.pyc_name(rel, mode, 0))
                        self.assertIn(pyc, sources, name)
                        self.assertNotIn(os.path.join(root, rel), sources)
                        self.assertEqual(
                            result["loaders"][name],
                            "SourcelessFileLoader" if mode == "pyc-only"
                            else "SourceFileLoader")
                    self.assertEqual(u.tree(root), before)

    def test_verify_passes_with_imports(self):
        for mode in self.MODES:
            for fmt in ("dir", "zip"):
                with self.subTest(mode=mode, format=fmt):
                    args = ["verify", self.artifact(mode, fmt), "--python",
                            sys.executable, "--json"]
                    for name in MODULES:
                        args += ["--import", name]
                    proc = self.ws.run(args)
                    self.assertEqual(proc.returncode, 0, u.describe(proc))
                    report = json.loads(proc.stdout)
                    self.assertEqual(report["status"], "ok")
                    for imp in report["interpreters"][0]["imports"]:
                        self.assertIsNone(imp["error"], imp)
                        self.assertEqual(imp["from_source"], 0, imp)
                        self.assertGreater(imp["from_bytecode"], 0, imp)


# name -> (extra members, or a function writing the wheel file; text the
# message names after "entry '...'"; the rest of the message).
def hostile_cases():
    good = wheel_members(PURE)
    return {
        "dotdot": (good + [("../escape.py", b"x\n")], "../escape.py",
                   "name with a '..' component"),
        "absolute": (good + [("/etc/evil.py", b"x\n")], "/etc/evil.py",
                     "absolute name"),
        "duplicate": (good + [("purepkg/core.py", b"evil\n")],
                      "purepkg/core.py", "appears twice in the wheel"),
        "symlink": (good + [(symlink_info("purepkg/link.py"), b"core.py")],
                    "purepkg/link.py",
                    "a symlink; a wheel may hold only regular files and "
                    "directories"),
        "scripts": (good + [("purepkg-1.0.data/scripts/tool", b"#!python\n")],
                    "purepkg-1.0.data/scripts/tool",
                    "the files of .data/scripts install outside "
                    "site-packages"),
        "clash": (good + [("purepkg-1.0.data/purelib/purepkg/core.py",
                           b"x\n")],
                  "purepkg-1.0.data/purelib/purepkg/core.py",
                  "goes to 'purepkg/core.py', where entry 'purepkg/core.py' "
                  "goes too"),
    }


class HostileWheelTest(u.WorkspaceTestCase):

    def build(self, name, write):
        """Writes a wheel with |write|(path) and builds it; returns (the
        wheel, CompletedProcess), after checking that nothing was written
        and no temporary directory is left."""
        base = self.ws.join(name)
        os.makedirs(base)
        tmpdir = os.path.join(base, "tmpdir")
        os.makedirs(tmpdir)
        wheel = os.path.join(base, "purepkg-1.0-py3-none-any.whl")
        write(wheel)
        path = self.ws.write_manifest(u.manifest(
            [{"name": "pure", "wheel": os.path.basename(wheel)}],
            [{"path": "out/site", "format": "dir"},
             {"path": "out/site.zip", "format": "zip"}]),
            os.path.join(name, "manifest.json"))
        proc = self.ws.run(["build", path],
                           env=dict(os.environ, TMPDIR=tmpdir))
        self.assertEqual(os.listdir(tmpdir), [], name)
        self.assertEqual(sorted(os.listdir(base)),
                         ["manifest.json", os.path.basename(wheel), "tmpdir"])
        return wheel, proc

    def assert_one_line(self, proc, text):
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        lines = proc.stderr.splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertTrue(lines[0].startswith("pycpack: error: "), lines[0])
        self.assertIn(text, lines[0])

    def test_each_hostile_wheel_is_refused(self):
        for name, (members, member, problem) in hostile_cases().items():
            with self.subTest(name):
                wheel, proc = self.build(
                    name, lambda path: write_zip(path, members))
                self.assert_one_line(
                    proc, "libraries[0] (library \"pure\"): %s: entry '%s': %s"
                    % (wheel, member, problem))

    def test_wheel_structure(self):
        cases = {
            "two_dist_info": (
                wheel_members(PURE, [("other-1.0.dist-info/WHEEL",
                                      WHEEL_TEXT.encode())]),
                "several .dist-info directories ('other-1.0.dist-info', "
                "'purepkg-1.0.dist-info'); a wheel has exactly one"),
            "no_dist_info": (
                [(n, d.encode()) for n, d in PURE[2].items()],
                "no top-level <name>-<version>.dist-info directory: not a "
                "wheel"),
        }
        for name, (members, problem) in cases.items():
            with self.subTest(name):
                wheel, proc = self.build(
                    name, lambda path: write_zip(path, members))
                self.assert_one_line(proc, "%s: %s" % (wheel, problem))

    def test_truncated_and_not_a_zip(self):
        data = {}

        def truncated(path):
            write_zip(path, wheel_members(PURE))
            with open(path, "rb") as f:
                data["whole"] = f.read()
            with open(path, "wb") as f:
                f.write(data["whole"][:len(data["whole"]) // 2])

        def text(path):
            with open(path, "w") as f:
                f.write("not a zip\n")

        for name, write in (("truncated", truncated), ("text", text)):
            with self.subTest(name):
                wheel, proc = self.build(name, write)
                self.assert_one_line(
                    proc, "cannot read '%s': not a zip archive, or a "
                    "truncated one" % wheel)

    def test_compile_error_names_the_file_inside_the_wheel(self):
        members = wheel_members(
            ("purepkg", "1.0", {"purepkg/__init__.py": "",
                                "purepkg/bad.py": "x = 1\ndef f(:\n"}))
        base = self.ws.join("syntax")
        os.makedirs(os.path.join(base, "tmpdir"))
        write_zip(os.path.join(base, "purepkg-1.0-py3-none-any.whl"), members)
        path = self.ws.write_manifest(u.manifest(
            [{"name": "pure", "wheel": "purepkg-1.0-py3-none-any.whl"}],
            [{"path": "out/site.zip", "format": "zip"}]),
            "syntax/manifest.json")
        proc = self.ws.run(
            ["build", path], cwd=base,
            env=dict(os.environ, TMPDIR=os.path.join(base, "tmpdir")))
        self.assertEqual(proc.returncode, 1, u.describe(proc))
        self.assertIn("\npurepkg-1.0-py3-none-any.whl!/purepkg/bad.py:2:",
                      "\n" + proc.stderr)
        self.assertFalse(os.path.exists(os.path.join(base, "out")))
        self.assertEqual(os.listdir(os.path.join(base, "tmpdir")), [])


if __name__ == "__main__":
    unittest.main()
