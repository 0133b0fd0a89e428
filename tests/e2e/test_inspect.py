"""`pycpack inspect`: every field it reports, checked against what Python
itself says (importlib's magic number, cache names and source_hash, the
header bytes, marshal.loads, the source's AST at the level used) for
artifacts pycpack builds (dir, tar.gz, zip; several modes and levels,
strip_docstrings) and for pycs that every supported CPython (3.8-3.15, found
by tests/pythons.py) writes with py_compile; stale, truncated, damaged,
unknown-magic and non-canonical pycs; exit status; table on a terminal, JSON
otherwise."""

import ast
import importlib.util
import json
import marshal
import io
import os
import pty
import shutil
import subprocess
import sys
import unittest

import e2e_util as u

sys.path.insert(0, os.path.join(u.SOURCE_DIR, "tests"))
import pythons  # noqa: E402  (finds the test interpreters)

INVALIDATION = {0: "timestamp", 1: "unchecked-hash", 3: "checked-hash"}
PYTHON = "%d.%d" % sys.version_info[:2]


def source_facts(source):
    """(has docstrings, has asserts) of Python source bytes."""
    tree = ast.parse(source)
    bodies = [n for n in ast.walk(tree) if isinstance(
        n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]
    docs = any(ast.get_docstring(n, clean=False) is not None for n in bodies)
    asserts = any(isinstance(n, ast.Assert) for n in ast.walk(tree))
    return docs, asserts


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def present(flag):
    return "present" if flag else "absent"


def run_on_terminal(args, cwd):
    """Runs pycpack with stdout on a pseudo-terminal (so inspect prints its
    table); returns (exit status, what the terminal received, stderr)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([u.pycpack_bin()] + args, stdout=slave,
                            stderr=subprocess.PIPE, cwd=cwd)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    err = proc.stderr.read()
    proc.stderr.close()
    return proc.wait(60), out, err


class InspectCase(u.WorkspaceTestCase):

    def inspect(self, *paths, expect_exit=0):
        """Runs `pycpack inspect --json PATHS`; returns the parsed report."""
        proc = self.ws.run(["inspect", "--json"] + list(paths))
        self.assertEqual(proc.returncode, expect_exit, u.describe(proc))
        report = json.loads(proc.stdout)
        self.assertEqual(report["exit_code"], expect_exit)
        return report, proc

    def by_path(self, report):
        return {p["path"]: p for p in report["pycs"]}


class BuiltArtifactsTest(InspectCase):
    """Artifacts pycpack builds, field by field against Python."""

    # name -> (manifest defaults/libraries, {library: (level of its
    # sourceless pycs, strip_docstrings)})
    BUILDS = {
        "checked": (
            [{"name": "shop", "root": "src", "mode": "py+pyc-checked",
              "optimize": [0, 1, 2]},
             {"name": "tinyjson", "root": "vendor", "mode": "pyc-only",
              "optimize": [2]}],
            {"shop": (None, False), "tinyjson": (2, False)}),
        "stripped": (
            [{"name": "shop", "root": "src", "mode": "py+pyc-unchecked",
              "optimize": [0], "strip_docstrings": True,
              "source_path": {"prefix": "/var/task/"}},
             {"name": "tinyjson", "root": "vendor", "mode": "pyc-only",
              "optimize": [0]}],
            {"shop": (None, True), "tinyjson": (0, False)}),
    }
    FORMATS = ("dir", "tar.gz", "zip")
    PREFIX = {"dir": "", "tar.gz": "opt/app/", "zip": ""}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roots = {"shop": cls.ws.copy_testdata("src"),
                     "tinyjson": cls.ws.copy_testdata("vendor")}
        for name, (libraries, _) in cls.BUILDS.items():
            outputs = [{"path": "out/%s%s" % (name, u.FORMATS[fmt]),
                        "format": fmt, "prefix": cls.PREFIX[fmt]}
                       for fmt in cls.FORMATS]
            path = cls.ws.write_manifest(
                u.manifest(libraries, outputs), name + ".json")
            proc = cls.ws.run(["build", path, "--no-cache", "-q"])
            if proc.returncode != 0:
                raise AssertionError(u.describe(proc))

    def library_of(self, rel):
        """(library, path relative to its root) of an artifact path."""
        for lib, root in self.roots.items():
            if os.path.exists(os.path.join(root, rel.split("/")[0])):
                return lib, rel
        self.fail("no library holds " + rel)

    def cache_names(self, tree):
        """{pyc path: (source path, level)} as importlib names the pycs of
        every source in |tree| (an unpacked artifact)."""
        names = {}
        for rel in u.files_of(tree):
            if rel.endswith(".py"):
                for level in (0, 1, 2):
                    pyc = importlib.util.cache_from_source(
                        rel, optimization="" if level == 0 else level)
                    names[pyc] = (rel, level)
        return names

    def check_artifact(self, build, fmt):
        libraries, config = self.BUILDS[build]
        artifact = self.ws.join("out", build + u.FORMATS[fmt])
        tree = u.unpack(artifact, fmt, self.ws.join("unpacked", build, fmt))
        prefix = self.PREFIX[fmt]
        report, _ = self.inspect(artifact)
        self.assertEqual(report["errors"], [])
        self.assertEqual(report["inputs"], [{"path": artifact, "kind": fmt,
                                             "pycs": len(report["pycs"]),
                                             "error": None}])
        pycs = {p for p in u.files_of(tree) if p.endswith(".pyc")}
        self.assertEqual(set(self.by_path(report)), pycs)
        self.assertTrue(pycs)
        names = self.cache_names(tree)
        for rec in report["pycs"]:
            with self.subTest(build=build, fmt=fmt, pyc=rec["path"]):
                self.check_record(rec, tree, prefix, names, config)
        # The canonical field agrees with `pycpack canonicalize --check`.
        proc = self.ws.run(["canonicalize", "--check", "-q", tree])
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        self.assertTrue(all(p["canonical"] is True for p in report["pycs"]))

    def check_record(self, rec, tree, prefix, names, config):
        data = read(os.path.join(tree, rec["path"]))
        self.assertEqual(rec["size"], len(data))
        self.assertEqual(rec["magic_hex"], importlib.util.MAGIC_NUMBER.hex())
        self.assertEqual(rec["magic"], int.from_bytes(data[:2], "little"))
        self.assertEqual(rec["python"], PYTHON)
        flags = int.from_bytes(data[4:8], "little")
        self.assertEqual(rec["flags"], flags)
        self.assertEqual(rec["invalidation"], INVALIDATION[flags])
        self.assertEqual(rec["source_hash"], data[8:16].hex())
        self.assertIsNone(rec["mtime"])
        code = marshal.loads(data[16:])
        self.assertEqual(rec["co_filename"], code.co_filename)
        lib, rel = self.library_of(rec["path"][len(prefix):])
        sourceless_level, strip = config[lib]
        if rec["path"] in names:
            source, level = names[rec["path"]]
            self.assertEqual(rec["source"], source)
            self.assertEqual(rec["level_from_name"], level)
            src_bytes = read(os.path.join(tree, source))
            self.assertEqual(
                rec["source_status"],
                "match" if importlib.util.source_hash(src_bytes) == data[8:16]
                else "mismatch")
            self.assertEqual(rec["source_status"], "match")
        else:
            self.assertNotIn("__pycache__", rec["path"])
            self.assertIsNone(rec["source"])
            self.assertEqual(rec["source_status"], "no source")
            self.assertIsNone(rec["level_from_name"])
            level = sourceless_level
            src_bytes = read(os.path.join(self.roots[lib], rel[:-4] + ".py"))
        docs, asserts = source_facts(src_bytes)
        self.assertEqual(rec["docstrings"], present(docs and level < 2 and
                                                    not strip))
        self.assertEqual(rec["asserts"], present(asserts and level < 1))
        self.assertEqual(rec["problems"], [])

    def test_checked_build(self):
        for fmt in self.FORMATS:
            self.check_artifact("checked", fmt)

    def test_stripped_build(self):
        for fmt in self.FORMATS:
            self.check_artifact("stripped", fmt)

    def test_evidence_is_not_vacuous(self):
        # The builds must show both values of every piece of evidence, or
        # the checks above prove little.
        seen = set()
        for build in self.BUILDS:
            report, _ = self.inspect(self.ws.join("out", build))
            for p in report["pycs"]:
                seen.add(("docstrings", p["docstrings"]))
                seen.add(("asserts", p["asserts"]))
                seen.add(("level", p["level_from_name"]))
                seen.add(("status", p["source_status"]))
        for want in [("docstrings", "present"), ("docstrings", "absent"),
                     ("asserts", "present"), ("asserts", "absent"),
                     ("level", 0), ("level", 1), ("level", 2), ("level", None),
                     ("status", "match"), ("status", "no source")]:
            self.assertIn(want, seen)


# Runs in another CPython: argv[1] is a directory holding pkg/mod.py and
# pkg/plain.py. Writes their pycs and prints what the interpreter says,
# including what its own dis module finds in the code: an assert's opcode
# (LOAD_ASSERTION_ERROR, 3.9-3.13; LOAD_COMMON_CONSTANT of AssertionError,
# 3.14+) and docstrings (STORE_NAME __doc__, or CO_HAS_DOCSTRING on 3.14+).
WORKER = r'''
import dis, importlib.util, inspect, json, marshal, opcode, os, py_compile, sys
root = sys.argv[1]
COMMON = getattr(opcode, "_common_constants", [])


def dis_facts(code):
    docs = asserts = False
    stack = [code]
    while stack:
        c = stack.pop()
        stack += [k for k in c.co_consts if hasattr(k, "co_code")]
        docs |= bool(c.co_flags & getattr(inspect, "CO_HAS_DOCSTRING", 0))
        for ins in dis.get_instructions(c):
            asserts |= ins.opname == "LOAD_ASSERTION_ERROR" or (
                ins.opname == "LOAD_COMMON_CONSTANT" and COMMON[ins.arg] is AssertionError)
            docs |= ins.opname == "STORE_NAME" and ins.argval == "__doc__"
    return {"dis_docstrings": docs, "dis_asserts": asserts}


JOBS = [("pkg/mod.py", "CHECKED_HASH", 0, None),
        ("pkg/mod.py", "UNCHECKED_HASH", 1, None),
        ("pkg/mod.py", "TIMESTAMP", 2, None),
        ("pkg/plain.py", "CHECKED_HASH", 0, None),
        ("pkg/mod.py", "UNCHECKED_HASH", 0, "pkg/legacy.pyc")]
out = {"python": "%d.%d" % sys.version_info[:2],
       "magic_hex": importlib.util.MAGIC_NUMBER.hex(), "pycs": {}}
for source, mode, level, cfile in JOBS:
    if cfile is None:
        cfile = importlib.util.cache_from_source(
            source, optimization="" if level == 0 else level)
    py_compile.compile(os.path.join(root, source), os.path.join(root, cfile),
                       dfile=source, doraise=True, optimize=level,
                       invalidation_mode=getattr(py_compile.PycInvalidationMode, mode))
    data = open(os.path.join(root, cfile), "rb").read()
    src = open(os.path.join(root, source), "rb").read()
    out["pycs"][cfile] = {
        "source": source, "level": level, "flags": int.from_bytes(data[4:8], "little"),
        "header": data[8:16].hex(), "source_hash": importlib.util.source_hash(src).hex(),
        "mtime": int.from_bytes(data[8:12], "little"),
        "source_size": int.from_bytes(data[12:16], "little"),
        "co_filename": marshal.loads(data[16:]).co_filename}
    out["pycs"][cfile].update(dis_facts(marshal.loads(data[16:])))
print(json.dumps(out))
'''

MOD = b'''"""Module docstring."""


class Thing:
    """Class docstring."""

    def method(self, x):
        """Method docstring."""
        assert x > 0, "positive"
        return [str(i) for i in range(x)]
'''
PLAIN = b'''VALUE = "a string, not a docstring"


def f(x):
    return (lambda: "no docstring")() + x
'''


class OtherInterpretersTest(InspectCase):
    """pycs written by py_compile of every supported CPython found."""

    def test_py_compile_output_of_every_version(self):
        found = pythons.by_minor()
        found.setdefault(sys.version_info[1], sys.executable)
        for minor, python in sorted(found.items()):
            with self.subTest(python="3.%d" % minor):
                self.check_version(minor, python)
        absent = [v for v in pythons.SUPPORTED if int(v.split(".")[1]) not in found]
        if absent:  # a note, or a failure under CI=true
            pythons.missing(absent, self if pythons.in_ci() else None)

    def check_version(self, minor, python):
        root = self.ws.join("py3%d" % minor)
        write(os.path.join(root, "pkg", "mod.py"), MOD)
        write(os.path.join(root, "pkg", "plain.py"), PLAIN)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        proc = subprocess.run([python, "-I", "-c", WORKER, root], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              check=True)
        said = json.loads(proc.stdout)
        report, _ = self.inspect(root)
        got = self.by_path(report)
        self.assertEqual(set(got), set(said["pycs"]))
        for path, want in said["pycs"].items():
            rec = got[path]
            self.assertEqual(rec["python"], said["python"], path)
            self.assertEqual(rec["magic_hex"], said["magic_hex"], path)
            self.assertEqual(rec["invalidation"], INVALIDATION[want["flags"]])
            self.assertEqual(rec["co_filename"], want["co_filename"], path)
            self.assertEqual(rec["problems"], [], path)
            self.assertIsInstance(rec["canonical"], bool)
            sourceless = path == "pkg/legacy.pyc"
            self.assertEqual(rec["level_from_name"],
                             None if sourceless else want["level"], path)
            if want["flags"] == 0:
                self.assertIsNone(rec["source_hash"])
                self.assertEqual(rec["mtime"], want["mtime"])
                self.assertEqual(rec["source_size"], want["source_size"])
                self.assertEqual(rec["source_status"], "not checked")
            else:
                self.assertEqual(rec["source_hash"], want["header"], path)
                self.assertEqual(rec["source_status"],
                                 "no source" if sourceless else "match", path)
                # The header holds what that interpreter's source_hash says.
                self.assertEqual(want["header"], want["source_hash"])
            docs, asserts = source_facts(MOD if "mod" in want["source"] else PLAIN)
            self.assertEqual(rec["docstrings"],
                             present(docs and want["level"] < 2), path)
            has_asserts = asserts and want["level"] < 1
            # 3.8 compiles asserts to a plain raise of AssertionError.
            self.assertEqual(rec["asserts"],
                             ("possible" if minor == 8 else "present")
                             if has_asserts else "absent", path)
            # What that interpreter's dis says (3.8 has no assert opcode;
            # before 3.14 a function's docstring is only a first constant).
            if minor >= 9:
                self.assertEqual(rec["asserts"], present(want["dis_asserts"]), path)
            if minor >= 14:
                self.assertEqual(rec["docstrings"], present(want["dis_docstrings"]), path)
        # Edit the source: hash-based pycs of it become stale.
        write(os.path.join(root, "pkg", "mod.py"), MOD + b"# edited\n")
        report, _ = self.inspect(root)
        status = {p["path"]: p["source_status"] for p in report["pycs"]}
        for path, want in said["pycs"].items():
            expected = ("no source" if path == "pkg/legacy.pyc" else
                        "not checked" if want["flags"] == 0 else
                        "mismatch" if want["source"] == "pkg/mod.py" else "match")
            self.assertEqual(status[path], expected, path)


class ProblemsAndExitStatusTest(InspectCase):
    """Broken pycs are problems of their file; unreadable inputs are errors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.built = cls.ws.join("out", "app")
        path = cls.ws.write_manifest(u.manifest(
            [("shop", cls.ws.copy_testdata("src"))],
            [{"path": "out/app", "format": "dir"}],
            {"mode": "py+pyc-checked"}))
        proc = cls.ws.run(["build", path, "--no-cache", "-q"])
        if proc.returncode != 0:
            raise AssertionError(u.describe(proc))
        cls.pyc = os.path.join(
            cls.built, "shop", "cart", "__pycache__",
            "pricing.%s.pyc" % sys.implementation.cache_tag)

    def setUp(self):
        self.tmp = self.ws.join("case-" + self._testMethodName)
        os.makedirs(self.tmp)

    def test_stale_checked_pyc(self):
        tree = os.path.join(self.tmp, "app")
        shutil.copytree(self.built, tree)
        source = os.path.join(tree, "shop", "cart", "pricing.py")
        write(source, read(source) + b"\n# changed after the build\n")
        report, _ = self.inspect(tree)
        for rec in report["pycs"]:
            data = read(os.path.join(tree, rec["path"]))
            fresh = importlib.util.source_hash(
                read(os.path.join(tree, rec["source"]))) == data[8:16]
            self.assertEqual(rec["source_status"],
                             "match" if fresh else "mismatch", rec["path"])
            self.assertEqual(fresh, "pricing" not in rec["path"])

    def test_truncated_and_damaged_pycs(self):
        data = read(self.pyc)
        cases = {"short.pyc": data[:10],
                 "bad_magic.pyc": b"\0\0\0\0" + data[4:],
                 "cut.pyc": data[:len(data) // 2],
                 # between 3.14 (3600-3627) and 3.15 (3650-3666)
                 "unknown_magic.pyc": (3640).to_bytes(2, "little") + data[2:],
                 "newer_magic.pyc": (3700).to_bytes(2, "little") + data[2:]}
        for name, content in cases.items():
            write(os.path.join(self.tmp, name), content)
        report, _ = self.inspect(self.tmp)  # problems, not errors: exit 0
        got = self.by_path(report)
        self.assertEqual(set(got), set(cases))
        from importlib._bootstrap_external import _classify_pyc
        for name in ("short.pyc", "bad_magic.pyc"):
            # importlib refuses both before reading any code.
            with self.assertRaises((ImportError, EOFError)):
                _classify_pyc(cases[name], name, {"name": "m"})
            self.assertIsNone(got[name]["magic"])
        self.assertTrue(got["short.pyc"]["problems"][0].startswith(
            "truncated header: 10 bytes"))
        self.assertTrue(got["bad_magic.pyc"]["problems"][0].startswith("bad magic"))
        with self.assertRaises((EOFError, ValueError)):
            marshal.loads(cases["cut.pyc"][16:])
        cut = got["cut.pyc"]
        self.assertEqual(cut["python"], PYTHON)
        self.assertTrue(cut["problems"][0].startswith("cannot unmarshal: offset "))
        self.assertIsNone(cut["co_filename"])
        self.assertIsNone(cut["canonical"])
        unknown = got["unknown_magic.pyc"]
        self.assertEqual(unknown["magic"], 3640)
        self.assertIsNone(unknown["python"])
        self.assertTrue(unknown["problems"][0].startswith("unknown magic number 3640"))
        newer = got["newer_magic.pyc"]
        self.assertIsNone(newer["python"])
        self.assertEqual(newer["problems"], ["magic number 3700 is newer than this pycpack "
                                             "supports (CPython 3.8\u20133.15)"])

    def test_non_canonical_pyc(self):
        data = read(self.pyc)
        code = marshal.loads(data[16:])
        # FLAG_REF on None: CPython ignores it, so the code is the same, but
        # the bytes are not canonical. Find a type byte 'N' by trying.
        flipped = None
        for i in range(16, len(data)):
            if data[i] != ord("N"):
                continue
            candidate = data[:i] + bytes([data[i] | 0x80]) + data[i + 1:]
            try:
                other = marshal.loads(candidate[16:])
            except (EOFError, ValueError, TypeError):
                continue
            if other == code and other.co_filename == code.co_filename:
                flipped = candidate
                break
        self.assertIsNotNone(flipped, "no None object in " + self.pyc)
        good = os.path.join(self.tmp, "good.pyc")
        bad = os.path.join(self.tmp, "flipped.pyc")
        write(good, data)
        write(bad, flipped)
        report, _ = self.inspect(good, bad)
        self.assertEqual([p["canonical"] for p in report["pycs"]], [True, False])
        # pycpack canonicalize --check says the same.
        self.assertEqual(self.ws.run(["canonicalize", "--check", good]).returncode, 0)
        self.assertEqual(self.ws.run(["canonicalize", "--check", bad]).returncode, 1)

    def test_unreadable_inputs_exit_1_and_the_rest_is_reported(self):
        junk = os.path.join(self.tmp, "junk.tar.gz")
        write(junk, b"not an archive at all")
        missing = os.path.join(self.tmp, "missing.zip")
        report, proc = self.inspect(missing, junk, self.pyc, expect_exit=1)
        lines = proc.stderr.splitlines()
        self.assertEqual(len(lines), 2, proc.stderr)
        self.assertIn(missing, lines[0])
        self.assertIn(junk, lines[1])
        self.assertTrue(all(l.startswith("pycpack: error: ") for l in lines))
        self.assertEqual(report["errors"], [l[len("pycpack: error: "):] for l in lines])
        self.assertEqual([i["kind"] for i in report["inputs"]], [None, None, "pyc"])
        self.assertEqual(len(report["pycs"]), 1)
        self.assertEqual(report["pycs"][0]["source_status"], "match")

    def test_json_unless_stdout_is_a_terminal(self):
        proc = self.ws.run(["inspect", self.pyc])  # stdout is a pipe
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        self.assertEqual(len(json.loads(proc.stdout)["pycs"]), 1)
        rc, out, err = run_on_terminal(["inspect", self.pyc], self.ws.path)
        self.assertEqual(rc, 0, err)
        lines = out.decode().replace("\r\n", "\n").splitlines()
        self.assertEqual(lines[0], self.pyc + " (pyc, 1 pyc)")
        self.assertTrue(lines[1].split()[:3] == ["PATH", "PYTHON", "INVALIDATION"],
                        lines[1])
        self.assertTrue(lines[2].lstrip().startswith(self.pyc + "  " + PYTHON),
                        lines[2])


class HostileArchivesTest(InspectCase):
    """Names are escaped on a terminal; members are read up to a limit."""

    def test_control_characters_in_names_are_escaped_in_the_table(self):
        import tarfile
        pyc = importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(
            compile("x = 1", "\x1b]0;owned\x07m.py", "exec"))
        path = self.ws.join("evil.tar")
        with tarfile.open(path, "w") as t:
            for name in ("pkg/\x1b[2J\x1b[31mred.pyc", "pkg/bell\x07.pyc"):
                info = tarfile.TarInfo(name)
                info.size = len(pyc)
                t.addfile(info, io.BytesIO(pyc))
        rc, out, err = run_on_terminal(["inspect", path], self.ws.path)
        self.assertEqual(rc, 0, err)
        self.assertNotIn(b"\x1b", out, "no escape sequence reaches the terminal")
        self.assertNotIn(b"\x07", out)
        text = out.decode("utf-8", "replace")
        self.assertIn("\\x1b[2J\\x1b[31mred.pyc", text)
        self.assertIn("bell\\x07.pyc", text)
        self.assertIn("\\x1b]0;owned\\x07m.py", text)  # co_filename too

    def test_a_member_over_the_limit_is_a_clear_error(self):
        import tarfile
        path = self.ws.join("big.tar.gz")
        size = (64 << 20) + 1
        with tarfile.open(path, "w:gz", compresslevel=1) as t:
            info = tarfile.TarInfo("pkg/huge.py")
            info.size = size
            t.addfile(info, io.BytesIO(b"#" * size))
        proc = self.ws.run(["inspect", "--json", path])
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertRegex(proc.stderr, r"^pycpack: error: .*big\.tar\.gz: cannot read "
                         r"pkg/huge\.py: a member is larger than 67108864 bytes\n$")


if __name__ == "__main__":
    unittest.main()
