"""The bad-input corpus (testdata/bad/): every case makes pycpack exit with
the expected status and a one-line message naming the file and the
problem, writes no artifact, and writes nothing anywhere but its own
temporary area, which it leaves empty.

A case is a directory with case.json:
  {"description": str, "exit": int, "message": regex (re.M, on stderr),
   "args": [...]  (default: build manifest.json --no-cache),
   "setup": [action, ...], "skip_as_root": bool}
and the files it needs (manifest.json, src/...). Setup actions make what
git cannot hold or what is too big to keep:
  {"symlink": [path, target]}          {"mkfifo": path}
  {"chmod": [path, "000"]}             {"write": [path, text]}
  {"repeat": [path, line, count]}      {"deep": [dir, levels, file]}
  {"bytes_name": [dir, name with \\xNN escapes, content]}
  {"zip": [path, [[name, content], ...]]} content: str, {"zeros": n} or
                                          {"symlink": target}
  {"truncate": [path, fraction kept]}
"""

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import unittest
import warnings
import zipfile

import e2e_util as u

CORPUS = os.path.join(u.TESTDATA, "bad")
DEFAULT_ARGS = ["build", "manifest.json", "--no-cache"]


def apply(action, ws):
    (kind, arg), = action.items()
    p = lambda rel: os.path.join(ws, rel)
    if kind == "symlink":
        os.makedirs(os.path.dirname(p(arg[0])), exist_ok=True)
        os.symlink(arg[1], p(arg[0]))
    elif kind == "mkfifo":
        os.mkfifo(p(arg))
    elif kind == "chmod":
        os.chmod(p(arg[0]), int(arg[1], 8))
    elif kind == "write":
        os.makedirs(os.path.dirname(p(arg[0])), exist_ok=True)
        with open(p(arg[0]), "w") as f:
            f.write(arg[1])
    elif kind == "repeat":
        with open(p(arg[0]), "w") as f:
            f.write(arg[1] * arg[2])
    elif kind == "deep":
        d = p(arg[0])
        for _ in range(arg[1]):
            d = os.path.join(d, "d")
        os.makedirs(d)
        with open(os.path.join(d, arg[2]), "w") as f:
            f.write("x = 1\n")
    elif kind == "bytes_name":
        name = arg[1].encode("latin-1").decode("unicode_escape").encode("latin-1")
        with open(os.path.join(os.fsencode(p(arg[0])), name), "w") as f:
            f.write(arg[2])
    elif kind == "zip":
        os.makedirs(os.path.dirname(p(arg[0])), exist_ok=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate names are the point
            with zipfile.ZipFile(p(arg[0]), "w", zipfile.ZIP_DEFLATED) as z:
                for name, content in arg[1]:
                    info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    if isinstance(content, dict) and "zeros" in content:
                        data = bytes(content["zeros"])
                    elif isinstance(content, dict) and "symlink" in content:
                        info.create_system = 3
                        info.external_attr = (stat.S_IFLNK | 0o777) << 16
                        data = content["symlink"].encode()
                    else:
                        data = content.encode()
                    z.writestr(info, data)
    elif kind == "truncate":
        size = os.path.getsize(p(arg[0]))
        with open(p(arg[0]), "r+b") as f:
            f.truncate(int(size * arg[1]))
    else:
        raise ValueError("unknown setup action " + kind)


def snapshot(root):
    """{relative path: (kind, digest or link target, mode)}, never opening
    anything but regular files."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            rel = os.path.relpath(path, root)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(path), 0)
            elif stat.S_ISREG(st.st_mode):
                h = hashlib.sha256()
                try:
                    with open(path, "rb") as f:
                        for chunk in iter(lambda: f.read(1 << 20), b""):
                            h.update(chunk)
                    digest = h.hexdigest()
                except PermissionError:
                    digest = "unreadable"
                out[rel] = ("file", digest, stat.S_IMODE(st.st_mode))
            else:
                out[rel] = ("dir" if stat.S_ISDIR(st.st_mode) else "special", "",
                            stat.S_IMODE(st.st_mode))
    return out


def make_writable(root):
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755 if os.path.isdir(path) else 0o644)


def cases():
    return sorted(n for n in os.listdir(CORPUS)
                  if os.path.isfile(os.path.join(CORPUS, n, "case.json")))


class BadInputCorpusTest(unittest.TestCase):
    def test_the_corpus_is_large_enough(self):
        self.assertGreaterEqual(len(cases()), 40)

    def run_case(self, name):
        with open(os.path.join(CORPUS, name, "case.json")) as f:
            spec = json.load(f)
        if spec.get("skip_as_root") and os.geteuid() == 0:
            self.skipTest("root reads files whatever their permissions")
        top = tempfile.mkdtemp(prefix="pycpack-bad-")
        try:
            ws = os.path.join(top, "ws")
            shutil.copytree(os.path.join(CORPUS, name), ws, symlinks=True)
            os.remove(os.path.join(ws, "case.json"))
            for action in spec.get("setup", []):
                apply(action, ws)
            tmp = os.path.join(top, "tmp")
            cache = os.path.join(top, "cache")
            os.makedirs(tmp)
            before = snapshot(ws)
            env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
            env.update(TMPDIR=tmp, XDG_CACHE_HOME=cache)
            proc = subprocess.run(
                [u.pycpack_bin()] + spec.get("args", DEFAULT_ARGS), cwd=ws, env=env,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8",
                errors="replace", timeout=300)
            self.assertEqual(proc.returncode, spec["exit"], u.describe(proc))
            self.assertRegex(proc.stderr, re.compile(spec["message"], re.M))
            errors = [l for l in proc.stderr.splitlines() if l.startswith("pycpack: error:")]
            self.assertEqual(len(errors), 1, proc.stderr)
            self.assertLess(len(errors[0]), 600, "the message is not one readable line")
            self.assertEqual(proc.stdout, "")
            after = snapshot(ws)
            self.assertEqual(sorted(set(after) - set(before)), [], "written into the workspace")
            self.assertEqual(after, before, "the workspace changed")
            self.assertEqual(os.listdir(tmp), [], "left in TMPDIR")
            self.assertFalse(os.path.exists(cache) and os.listdir(cache), "cache written")
        finally:
            make_writable(top)
            shutil.rmtree(top)


def add_tests():
    for name in cases():
        def test(self, name=name):
            self.run_case(name)
        setattr(BadInputCorpusTest, "test_" + name.replace("-", "_"), test)


add_tests()

if __name__ == "__main__":
    unittest.main(verbosity=2)
