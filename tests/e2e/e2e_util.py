"""Helpers for the end-to-end tests: they run the real pycpack binary.

Environment:
  PYCPACK_BIN         the pycpack executable (required)
  PYCPACK_SOURCE_DIR  the source tree (default: two levels above this file)

sys.executable is taken to be the interpreter pycpack embeds (same version,
same cache tag and magic number); e2e_cli checks that assumption.
"""

import base64
import csv
import hashlib
import importlib.util
import io
import json
import marshal
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import unittest
import zipfile

# tests/pythons.py is the one place tests find interpreters; re-exported
# here as u.pythons (find, find_one, by_minor, require, missing, SUPPORTED).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import pythons  # noqa: E402

SOURCE_DIR = os.path.realpath(
    os.environ.get("PYCPACK_SOURCE_DIR")
    or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TESTDATA = os.path.join(SOURCE_DIR, "testdata")
CACHE_TAG = sys.implementation.cache_tag
MAGIC = importlib.util.MAGIC_NUMBER

MODES = ("py-only", "pyc-only", "py+pyc-checked", "py+pyc-unchecked")
# Format name -> file name suffix of an artifact of that format.
FORMATS = {"dir": "", "tar": ".tar", "tar.gz": ".tar.gz",
           "tar.zst": ".tar.zst", "zip": ".zip"}
DEFAULT_MTIME = 315532800  # 1980-01-01T00:00:00Z

# Importable modules of testdata/src and testdata/vendor -> file relative to
# its library root.
MODULES = {
    "shop": "shop/__init__.py",
    "shop.cart": "shop/cart/__init__.py",
    "shop.cart.pricing": "shop/cart/pricing.py",
    "shop.util": "shop/util/__init__.py",
    "shop.util.strings": "shop/util/strings.py",
    "shop.util.latin1": "shop/util/latin1.py",
    "shop.util.crlf": "shop/util/crlf.py",
    "shop.util.bom": "shop/util/bom.py",
    "shop.tools": "shop/tools/__init__.py",
    "shop.tools.run": "shop/tools/run.py",
    "nsplugins.extra.hello": "nsplugins/extra/hello.py",
    "tinyjson": "tinyjson/__init__.py",
    "tinyjson.encoder": "tinyjson/encoder.py",
    "tinyjson.decoder": "tinyjson/decoder.py",
}
# Files that are not Python sources, relative to their library root.
DATA_FILES = [
    "shop/cart/pricing.pyi", "shop/py.typed", "shop/data/README.txt",
    "shop/data/logo.bin", "shop/data/prices.json", "tinyjson/LICENSE.txt",
]

# Values the modules of testdata/src must produce (see testdata/README.md).
EXPECTED_VALUES = {
    "latin1": "Gr\u00fc\u00dfe aus K\u00f6ln, caf\u00e9 \u00e0 la "
              "cr\u00e8me \u00b1 5\u00b0",
    "crlf_text": "first line\nsecond line\n",
    "crlf_joined": "first line|second line",
    "bom": "bom \u2713 \u00e9t\u00e9",
    "hello": "hello, x",
    "dotted": "dotted file name",
    "tinyjson": '{"a":[1,null]}',
    "run_main": "0.90 EUR\n",
}


def pycpack_bin():
    """The binary under test; a missing binary is an error, not a skip."""
    path = os.environ.get("PYCPACK_BIN")
    if not path or not os.access(path, os.X_OK):
        raise RuntimeError("PYCPACK_BIN (%r) is not an executable; run the "
                           "tests through ctest or set it" % path)
    return path


# ---------------------------------------------------------------- workspace

class Workspace:
    """A temporary directory, removed (even if made read-only) on close."""

    def __init__(self, name="pycpack-e2e-"):
        self.path = os.path.realpath(tempfile.mkdtemp(prefix=name))
        # A private XDG_CACHE_HOME for pycpack, outside the workspace so that
        # listings of the workspace only show what the tests expect.
        self.cache = os.path.realpath(tempfile.mkdtemp(prefix=name + "cache-"))

    def join(self, *parts):
        return os.path.join(self.path, *parts)

    def close(self):
        for path in (self.path, self.cache):
            make_writable(path)
            shutil.rmtree(path, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def copy_testdata(self, name, dest=None):
        """Copies testdata/<name> to <workspace>/<dest or name>; returns it."""
        target = self.join(dest or name)
        shutil.copytree(os.path.join(TESTDATA, name), target, symlinks=True)
        return target

    def write_manifest(self, manifest, name="manifest.json"):
        """Writes |manifest| (a dict, or text) and returns its path."""
        path = self.join(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        text = manifest if isinstance(manifest, str) else json.dumps(
            manifest, indent=2)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def run(self, args, **kwargs):
        """run_pycpack with this workspace's private cache directory and, unless
        |env| is given, without SOURCE_DATE_EPOCH."""
        env = kwargs.pop("env", None)
        if env is None:
            env = {k: v for k, v in os.environ.items()
                   if k != "SOURCE_DATE_EPOCH"}
        env = dict(env)
        env.setdefault("XDG_CACHE_HOME", self.cache)
        return run_pycpack(args, env=env, **kwargs)

    def unpacked_read_only(self, artifact, fmt, name):
        """Unpacks |artifact| of format |fmt| into <workspace>/unpacked/<name>
        and returns a read-only copy of that, <workspace>/ro/<name>."""
        unpacked = unpack(artifact, fmt, self.join("unpacked", name))
        return read_only_copy(unpacked, self.join("ro", name))

    def build_each_mode(self, manifest_path):
        """Builds |manifest_path| once per mode (--force-mode), each into
        <workspace>/out-<mode>. Returns {mode: (output dir, CompletedProcess)}."""
        builds = {}
        for mode in MODES:
            out = self.join("out-" + mode)
            os.makedirs(out)
            builds[mode] = (out, self.run(["build", manifest_path, "--force-mode",
                                           mode, "--output-dir", out]))
        return builds


def built_artifact(test, builds, mode, fmt, stem="app"):
    """<stem><suffix of |fmt|> from the build of |mode| in |builds| (see
    Workspace.build_each_mode); fails |test| if that build failed or did not
    write it."""
    out, proc = builds[mode]
    test.assertEqual(proc.returncode, 0, describe(proc))
    path = os.path.join(out, stem + FORMATS[fmt])
    test.assertTrue(os.path.exists(path), path + " missing")
    return path


class WorkspaceTestCase(unittest.TestCase):
    """A TestCase whose tests share one Workspace, cls.ws, made before the
    first test and removed after the last."""

    @classmethod
    def setUpClass(cls):
        cls.ws = Workspace()

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()


def manifest(libraries, outputs, defaults=None):
    """A manifest v1 dict. |libraries|: list of dicts or (name, root) pairs."""
    libs = [lib if isinstance(lib, dict) else {"name": lib[0], "root": lib[1]}
            for lib in libraries]
    result = {"manifest_version": 1, "libraries": libs, "outputs": outputs}
    if defaults is not None:
        result["defaults"] = defaults
    return result


def all_format_outputs(stem="out/app", **extra):
    """One output per format: <stem><suffix>."""
    return [dict({"path": stem + suffix, "format": fmt}, **extra)
            for fmt, suffix in FORMATS.items()]


def run_pycpack(args, cwd=None, env=None, umask=None, timeout=120):
    """Runs pycpack with |args|; returns CompletedProcess (text output)."""
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    proc = subprocess.run(
        [pycpack_bin()] + list(args), cwd=cwd, env=env, preexec_fn=preexec,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc


_parallel_args = None


def parallel_args():
    """["--jobs", "2"] if `pycpack build` accepts --jobs, else []."""
    global _parallel_args
    if _parallel_args is None:
        proc = run_pycpack(["build", "--help"])
        text = proc.stdout + proc.stderr
        _parallel_args = ["--jobs", "2"] if "--jobs" in text else []
    return _parallel_args


def describe(proc):
    return "exit %s\n--- stdout\n%s\n--- stderr\n%s" % (
        proc.returncode, proc.stdout[-4000:], proc.stderr[-4000:])


# ------------------------------------------------------------------ unpack

def _safe_member_name(name):
    parts = name.rstrip("/").split("/")
    return not name.startswith("/") and ".." not in parts


def read_zst(path):
    proc = subprocess.run(["zstd", "-dc", "-q", path], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=True)
    return proc.stdout


def open_tar(path, fmt):
    """A tarfile.TarFile over the artifact at |path| of tar format |fmt|."""
    if fmt == "tar.zst":
        return tarfile.open(fileobj=io.BytesIO(read_zst(path)), mode="r:")
    return tarfile.open(path, mode={"tar": "r:", "tar.gz": "r:gz"}[fmt])


def unpack(artifact, fmt, dest):
    """Unpacks |artifact| of format |fmt| into new directory |dest|, keeping
    permission bits. Returns |dest|."""
    if fmt == "dir":
        shutil.copytree(artifact, dest, symlinks=True)
        return dest
    os.makedirs(dest)
    if fmt == "zip":
        with zipfile.ZipFile(artifact) as zf:
            for info in zf.infolist():
                assert _safe_member_name(info.filename), info.filename
                zf.extract(info, dest)
                mode = (info.external_attr >> 16) & 0o7777
                if mode:
                    os.chmod(os.path.join(dest, info.filename), mode)
        return dest
    with open_tar(artifact, fmt) as tf:
        for member in tf.getmembers():
            assert _safe_member_name(member.name), member.name
            assert member.isfile() or member.isdir(), member.name
        if hasattr(tarfile, "data_filter"):
            tf.extractall(dest, filter="fully_trusted")
        else:
            tf.extractall(dest)
    return dest


def make_writable(root):
    if not os.path.exists(root):
        return
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode | stat.S_IWUSR)
    os.chmod(root, os.stat(root).st_mode | stat.S_IWUSR)


def read_only_copy(src, dest):
    """Copies tree |src| to |dest| and removes every write permission
    (chmod -R a-w). Returns |dest|."""
    shutil.copytree(src, dest, symlinks=True)
    for dirpath, dirnames, filenames in os.walk(dest, topdown=False):
        for name in filenames + dirnames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) & ~0o222)
    os.chmod(dest, stat.S_IMODE(os.stat(dest).st_mode) & ~0o222)
    return dest


# -------------------------------------------------------------- inspection

def tree(root):
    """{relative path: (kind, mode, content)} of everything below |root|;
    kind is "dir" or "file", content None for directories."""
    result = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            st = os.lstat(path)
            assert not stat.S_ISLNK(st.st_mode), "unexpected symlink " + path
            if stat.S_ISDIR(st.st_mode):
                result[rel] = ("dir", stat.S_IMODE(st.st_mode), None)
            else:
                with open(path, "rb") as f:
                    result[rel] = ("file", stat.S_IMODE(st.st_mode), f.read())
    return result


def files_of(root):
    return {p: v for p, v in tree(root).items() if v[0] == "file"}


def dirs_of(root):
    return {p for p, v in tree(root).items() if v[0] == "dir"}


def listing(path):
    """Names in directory |path| (sorted), for "nothing new appeared" checks."""
    return sorted(os.listdir(path)) if os.path.isdir(path) else None


def snapshot(path):
    """Bytes of a file, or tree() of a directory, or None if absent."""
    if os.path.isdir(path):
        return tree(path)
    if os.path.exists(path):
        with open(path, "rb") as f:
            return f.read()
    return None


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def source_files(root):
    """Relative paths of files below |root| that an artifact may contain:
    everything except __pycache__ directories and *.pyc."""
    result = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for name in filenames:
            if not name.endswith(".pyc"):
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                result.append(rel.replace(os.sep, "/"))
    return sorted(result)


def pyc_name(rel_py, mode, level):
    """Where the pyc of source |rel_py| goes for |mode| and |level|."""
    head, _, base = rel_py.rpartition("/")
    stem = base[:-3]
    if mode == "pyc-only":
        name = stem + ".pyc"
    else:
        opt = "" if level == 0 else ".opt-%d" % level
        name = "__pycache__/%s.%s%s.pyc" % (stem, CACHE_TAG, opt)
    return head + "/" + name if head else name


def expected_files(roots, mode, levels=(0,), prefix=""):
    """{artifact path: (source file, kind, level)} for libraries |roots|
    (library root directories) built with |mode| and |levels|. kind is
    "copy" or "pyc"; level is None for copies."""
    result = {}
    for root in roots:
        for rel in source_files(root):
            src = os.path.join(root, rel)
            if not rel.endswith(".py"):
                result[prefix + rel] = (src, "copy", None)
                continue
            if mode != "pyc-only":
                result[prefix + rel] = (src, "copy", None)
            if mode != "py-only":
                for level in levels:
                    result[prefix + pyc_name(rel, mode, level)] = (
                        src, "pyc", level)
    return result


def parent_dirs(paths):
    dirs = set()
    for path in paths:
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:i]))
    return dirs


def iter_code(code):
    """|code| and every code object nested in its constants."""
    yield code
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            yield from iter_code(const)


def split_pyc(data):
    """(magic, flags, hash, code) of pyc bytes."""
    return (data[:4], int.from_bytes(data[4:8], "little"), data[8:16],
            marshal.loads(data[16:]))


def expected_code(source, dfile, level):
    return compile(source, dfile, "exec", dont_inherit=True, optimize=level)


# --------------------------------------------------------------- interpreter

def python_env(pythonpath, extra=None):
    """os.environ without PYTHON* variables, plus PYTHONPATH and
    PYTHONDONTWRITEBYTECODE=1."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = pythonpath
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra or {})
    return env


def run_python(args, pythonpath, cwd=None, extra_env=None, python=None):
    """Runs |python| (default sys.executable) with |args|; returns
    CompletedProcess (text)."""
    return subprocess.run(
        [python or sys.executable] + list(args), cwd=cwd or pythonpath,
        env=python_env(pythonpath, dict({"PYTHONIOENCODING": "utf-8"},
                                        **(extra_env or {}))),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8",
        errors="replace", timeout=120)


CODE_FROM = re.compile(r"^# code object from '?(.*?)'?$", re.M)


def code_object_sources(verbose_stderr):
    """Paths that `python -v` reports code objects were loaded from."""
    return set(CODE_FROM.findall(verbose_stderr))


# A program for `python -c PROBE <modules,...>`: imports every module given,
# exercises testdata/src and prints one JSON object (see run_probe).
PROBE = r'''
import contextlib, importlib, importlib.util, io, json, os, sys
out = {"modules": {}, "values": {}}
for name in sys.argv[1].split(","):
    m = importlib.import_module(name)
    out["modules"][name] = {
        "file": m.__file__, "loader": type(m.__spec__.loader).__name__,
        "doc": m.__doc__}
names = out["modules"]
v = out["values"]
if "shop.cart.pricing" in names:
    import shop.cart.pricing as p
    v["docs"] = [p.__doc__, p.PriceRule.__doc__, p.PriceRule.apply.__doc__,
                 p.Marker.__doc__, p.noop.__doc__, p.check_positive.__doc__]
    v["noop"] = p.noop()
    try:
        p.check_positive(-1)
        v["assert_raised"] = False
    except AssertionError as e:
        v["assert_raised"] = True
        tb = e.__traceback__
        while tb.tb_next:
            tb = tb.tb_next
        v["assert_file"] = tb.tb_frame.f_code.co_filename
if "shop.util.latin1" in names:
    import shop.util.latin1, shop.util.crlf, shop.util.bom, shop.util
    v["latin1"] = shop.util.latin1.GREETING
    v["crlf_text"] = shop.util.crlf.TEXT
    v["crlf_joined"] = shop.util.crlf.joined()
    v["bom"] = shop.util.bom.NAME
    d = os.path.dirname(shop.util.__file__)
    path = os.path.join(d, "a.b.py")
    if not os.path.exists(path):
        path = os.path.join(d, "a.b.pyc")
    spec = importlib.util.spec_from_file_location("shop.util.a_b", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    v["dotted"] = mod.VALUE
    v["dotted_loader"] = type(spec.loader).__name__
if "nsplugins.extra.hello" in names:
    import nsplugins.extra.hello
    v["hello"] = nsplugins.extra.hello.greet("x")
    v["ns_file"] = getattr(sys.modules["nsplugins"], "__file__", None)
if "shop.tools.run" in names:
    import shop.tools.run
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        shop.tools.run.main(["apple=2"])
    v["run_main"] = buf.getvalue()
if "tinyjson" in names:
    import tinyjson
    v["tinyjson"] = tinyjson.dumps(tinyjson.loads('{"a": [1, null]}'))
print(json.dumps(out))
'''


def run_probe(root, modules, flags=(), python=None):
    """Imports |modules| from directory |root| with `python [flags] -v`
    (|python| default: sys.executable). Returns (probe result dict, set of
    paths code objects came from)."""
    proc = run_python(list(flags) + ["-v", "-c", PROBE, ",".join(modules)],
                      pythonpath=root, python=python)
    if proc.returncode != 0:
        raise AssertionError("probe failed in %s:\n%s" % (
            root, proc.stderr[-3000:]))
    return json.loads(proc.stdout), code_object_sources(proc.stderr)


# ------------------------------------------------------- packaging consumers

def record_hash(data):
    """A RECORD hash: "sha256=" + urlsafe base64 of the digest, no padding."""
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def record_text(files, record_path):
    """RECORD contents for |files| ({path: bytes}) plus its own row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for path in sorted(files):
        writer.writerow([path, record_hash(files[path]), len(files[path])])
    writer.writerow([record_path, "", ""])
    return out.getvalue()


def record_rows(text):
    """The rows of a RECORD file, each a list of fields."""
    return [row for row in csv.reader(io.StringIO(text)) if row]


def check_record(test, record_path, text, members):
    """Checks RECORD |text| (at |record_path|, relative to the directory it
    lists files of) against |members| ({relative path: bytes} of every file
    that RECORD must describe): every file exactly once with its sha256 and
    size, its own row "path,,"."""
    rows = record_rows(text)
    paths = [row[0] for row in rows]
    duplicates = sorted({p for p in paths if paths.count(p) > 1})
    test.assertEqual(duplicates, [], record_path + ": rows listed twice")
    test.assertEqual(sorted(paths), sorted(set(members) | {record_path}),
                     record_path + ": listed files")
    for row in rows:
        test.assertEqual(len(row), 3, "%s: row %r" % (record_path, row))
        path, digest, size = row
        if path == record_path:
            test.assertEqual((digest, size), ("", ""),
                             record_path + ": its own row")
            continue
        data = members[path]
        test.assertEqual((digest, size), (record_hash(data), str(len(data))),
                         "%s: row of %s" % (record_path, path))


def zip_members(path):
    """{member name: bytes} of the files (not directories) of a zip."""
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()
                if not i.is_dir()}


def zipfile_test(test, path):
    """`python -m zipfile -t` accepts |path|."""
    proc = subprocess.run([sys.executable, "-m", "zipfile", "-t", path],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          encoding="utf-8", errors="replace", timeout=120)
    test.assertEqual(proc.returncode, 0, "zipfile -t %s:\n%s%s" % (
        path, proc.stdout, proc.stderr))
    test.assertIn("Done testing", proc.stdout)


def twine_check(test, wheel):
    """`twine check --strict` accepts |wheel|; skipped (with a printed reason)
    where twine is not installed."""
    twine = shutil.which("twine")
    if twine is None:
        print("twine is not installed: skipping `twine check` of " +
              os.path.basename(wheel), file=sys.stderr)
        return
    proc = subprocess.run([twine, "check", "--strict", wheel],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          encoding="utf-8", errors="replace", timeout=120,
                          env=dict(os.environ, NO_COLOR="1"))
    test.assertEqual(proc.returncode, 0, "twine check %s:\n%s%s" % (
        wheel, proc.stdout, proc.stderr))
    test.assertIn("PASSED", proc.stdout)


def pip_install(wheels, target, compile_pycs=False):
    """`python -m pip install --no-index --no-deps --target |target|` of
    |wheels| (without --no-compile if |compile_pycs|); adds
    --break-system-packages only if pip asks for it. Returns
    CompletedProcess (text)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "PIP_"))}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1",
               PIP_CONFIG_FILE=os.devnull, PYTHONDONTWRITEBYTECODE="1")
    args = [sys.executable, "-m", "pip", "install", "--no-index", "--no-deps",
            "--target", target]
    if not compile_pycs:
        args.append("--no-compile")
    args += list(wheels)

    def run(extra):
        return subprocess.run(args + extra, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, encoding="utf-8",
                              errors="replace", timeout=300)
    proc = run([])
    if proc.returncode != 0 and "externally-managed" in proc.stderr:
        proc = run(["--break-system-packages"])
    return proc


def importable_modules(root):
    """{module name: file} for every module below import root |root|: .py
    files and sourceless .pyc files (outside __pycache__) whose path is made
    of identifiers; packages as their __init__."""
    result = {}
    for rel in source_files(root) + [
            p for p in files_of(root) if p.endswith(".pyc")
            and "__pycache__" not in p.split("/")]:
        if not rel.endswith((".py", ".pyc")):
            continue
        parts = rel.rsplit(".", 1)[0].split("/")
        if not all(p.isidentifier() for p in parts):
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            result.setdefault(".".join(parts), os.path.join(root, rel))
    return result


def pyc_levels(root):
    """{source path: set of levels} of the __pycache__ pycs for this
    interpreter below |root|."""
    found = {}
    pattern = re.compile(r"^(.*)/__pycache__/([^/]+)\.%s(?:\.opt-([12]))?\.pyc$"
                         % re.escape(CACHE_TAG))
    for rel in files_of(root):
        m = pattern.match("/" + rel)
        if m:
            src = os.path.join(root, (m.group(1) + "/" + m.group(2))[1:] + ".py")
            found.setdefault(src, set()).add(int(m.group(3) or 0))
    return found


IMPORT_ALL = ("import importlib, sys\n"
              "for name in sys.argv[1].split(','):\n"
              "    importlib.import_module(name)\n")


def check_imports_from_pycs(test, root, modules=None):
    """Imports |modules| (default: importable_modules(root)) from |root| in
    one `python -v` run, at the optimization level every __pycache__ pyc
    exists for; every module's code must come from a pyc and no source
    below |root| may be compiled. Returns the set of code object paths."""
    modules = modules or importable_modules(root)
    test.assertTrue(modules, "nothing to import in " + root)
    levels = pyc_levels(root)
    common = set.intersection(*levels.values()) if levels else {0}
    test.assertTrue(common, "no optimization level that every pyc has: %r"
                    % levels)
    level = min(common)
    flags = [[], ["-O"], ["-OO"]][level]
    proc = run_python(flags + ["-v", "-c", IMPORT_ALL, ",".join(sorted(modules))],
                      pythonpath=root)
    test.assertEqual(proc.returncode, 0, "import from %s:\n%s" % (
        root, proc.stderr[-3000:]))
    loaded = code_object_sources(proc.stderr)
    missing = []
    for name, path in sorted(modules.items()):
        if path.endswith(".pyc"):
            pyc = path
        else:
            pyc = importlib.util.cache_from_source(
                path, optimization="" if level == 0 else level)
        if pyc not in loaded:
            missing.append("%s (%s)" % (name, os.path.relpath(pyc, root)))
    test.assertEqual(missing, [], "modules not loaded from their pyc")
    below = os.path.join(root, "")
    compiled = sorted(p for p in loaded
                      if p.startswith(below) and not p.endswith(".pyc"))
    test.assertEqual(compiled, [], "compiled from source")
    return loaded


def header_fields(text):
    """{key: [values]} of an email-style header block (METADATA, WHEEL)."""
    fields = {}
    for line in text.split("\n\n", 1)[0].splitlines():
        key, _, value = line.partition(": ")
        fields.setdefault(key, []).append(value)
    return fields


def check_wheel(test, path, dist_info=None):
    """What consumers of a wheel pycpack wrote rely on: `zipfile -t` and
    `twine check` accept it, one .dist-info (|dist_info| if given) whose
    entries are the last members, a RECORD of every file, a WHEEL written by
    pycpack whose Tag lines are the file name's tags. Returns (members,
    {.dist-info file name: bytes})."""
    zipfile_test(test, path)
    twine_check(test, path)
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    test.assertEqual(len(names), len(set(names)), "repeated members")
    members = zip_members(path)
    dirs = {n.split("/")[0] for n in names
            if n.split("/")[0].endswith(".dist-info")}
    test.assertEqual(len(dirs), 1, "one .dist-info: %r" % dirs)
    found = dirs.pop()
    if dist_info is not None:
        test.assertEqual(found, dist_info)
    first = min(i for i, n in enumerate(names) if n.startswith(found + "/"))
    test.assertTrue(all(n.startswith(found + "/") for n in names[first:]),
                    "members after the first .dist-info entry: %r"
                    % names[first:])
    record = found + "/RECORD"
    check_record(test, record, members[record].decode("utf-8"),
                 {p: d for p, d in members.items() if p != record})
    info = {p[len(found) + 1:]: d for p, d in members.items()
            if p.startswith(found + "/")}
    wheel = header_fields(info["WHEEL"].decode("utf-8"))
    test.assertEqual(wheel["Wheel-Version"], ["1.0"])
    test.assertTrue(wheel["Generator"][0].startswith("pycpack "), wheel)
    test.assertIn(wheel["Root-Is-Purelib"], (["true"], ["false"]))
    stem = os.path.basename(path)[:-len(".whl")]
    name, version, tags = stem.split("-", 2)
    test.assertEqual(found, "%s-%s.dist-info" % (name, version))
    py_tags, abis, platforms = tags.split("-")
    test.assertEqual(sorted(wheel["Tag"]), sorted(
        "%s-%s-%s" % (p, a, pl) for p in py_tags.split(".")
        for a in abis.split(".") for pl in platforms.split(".")))
    return members, info
