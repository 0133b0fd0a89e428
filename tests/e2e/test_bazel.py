"""pycpack's Bazel rules (bazel/) with a real Bazel: the example workspace
examples/bazel, copied to a temporary directory with the pycpack under test
as its tools/pycpack, built by Debian's Bazel 4.2.3 every way Bazel can run
the actions. The artifacts and pycs must be byte-identical whether the
actions run in a multiplex worker, singleplex workers, sandboxed workers,
one-shot locally or in linux-sandbox, and equal to `pycpack build` of the
equivalent (walked) manifest; a --disk_cache rebuild after `bazel clean`
must hit for every action; changing one source reruns only what depends
on it; the pycs import.

Cost: one Bazel server (a JVM of about 250 MB) for the whole test, with its
own --output_user_root in a temporary directory, shut down at the end; 6
builds of the 9 pycpack actions (three packages, five pycs, one
rules_python-style precompile) after a `bazel clean` each, 2 incremental
ones; about 30 s on 2 busy cores (load average 6).

Without a `bazel` in PATH the test is skipped, naming it; under CI=true it
fails instead (scripts/install-deps installs bazel-bootstrap).
"""

import json
import re
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import e2e_util as u

EXAMPLE = os.path.join(u.SOURCE_DIR, "examples", "bazel")
BAZEL = shutil.which("bazel")
MNEMONICS = ("PycpackBuild", "PycpackCompile")
# //precompiler:pycs runs pycpack_precompiler as rules_python would.
ALL_MNEMONICS = MNEMONICS + ("PyCompile",)
# bazel-bin paths of what the example builds (a directory: all below it).
ARTIFACTS = ("release.tar.gz", "layer.zip", "debug_tree", "app/src/shop/__pycache__",
             "vendor/tinyjson/__pycache__", "precompiler/__pycache__")


def read_exec_log(path):
    """The SpawnExec objects of an --execution_log_json_file (4.2.3 writes
    them back to back, not as an array)."""
    with open(path) as f:
        text = f.read()
    decoder, pos, out = json.JSONDecoder(), 0, []
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos == len(text):
            return out
        spawn, pos = decoder.raw_decode(text, pos)
        out.append(spawn)


def ours(spawns):
    return [s for s in spawns if s.get("mnemonic") in ALL_MNEMONICS]


def digests(root):
    """{path below |root|: sha256} of every file of ARTIFACTS (without the
    params files Bazel writes beside the outputs of actions it runs)."""
    out = {}
    for rel in ARTIFACTS:
        path = os.path.join(root, rel)
        if os.path.isdir(path):
            for dirpath, _, files in os.walk(path):
                for name in files:
                    if name.endswith(".params"):  # Bazel's, beside the pycs
                        continue
                    p = os.path.join(dirpath, name)
                    out[os.path.relpath(p, root)] = u.sha256_file(p)
        elif os.path.exists(path):
            out[rel] = u.sha256_file(path)
    return out


class BazelExampleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if BAZEL is None:
            msg = "bazel not found in PATH (Debian: apt-get install bazel-bootstrap)"
            if u.pythons.in_ci():
                raise AssertionError(msg + "; CI=true requires it")
            raise unittest.SkipTest(msg)
        cls.top = os.path.realpath(tempfile.mkdtemp(prefix="pycpack-bazel-"))
        cls.ws = os.path.join(cls.top, "ws")
        shutil.copytree(EXAMPLE, cls.ws, symlinks=True,
                        ignore=lambda d, names: [n for n in names if n.startswith("bazel-")
                                                 or (d.endswith("tools") and n == "pycpack")])
        tool = os.path.join(cls.ws, "tools", "pycpack")
        shutil.copy(u.pycpack_bin(), tool)
        os.chmod(tool, 0o755)
        cls.startup = ["--output_user_root=" + os.path.join(cls.top, "root"),
                       "--nohome_rc", "--max_idle_secs=900"]
        cls.env = {k: v for k, v in os.environ.items()
                   if not k.startswith(("PYTHON", "SOURCE_DATE_EPOCH"))}
        cls.runs = 0

    @classmethod
    def tearDownClass(cls):
        subprocess.run([BAZEL] + cls.startup + ["shutdown"], cwd=cls.ws, env=cls.env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        u.make_writable(cls.top)
        shutil.rmtree(cls.top, ignore_errors=True)

    def bazel(self, *args):
        proc = subprocess.run([BAZEL] + self.startup + list(args), cwd=self.ws, env=self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              encoding="utf-8", errors="replace", timeout=600)
        self.assertEqual(proc.returncode, 0, "bazel %s\n%s" % (
            " ".join(args), proc.stderr[-6000:]))
        return proc

    def build(self, *flags, clean=True):
        """Builds //... with |flags|; returns (our spawns, artifact digests)."""
        if clean:
            self.bazel("clean")
        self.__class__.runs += 1
        log = os.path.join(self.top, "exec-%d.json" % self.runs)
        self.bazel("build", "--override_repository=pycpack=" + u.SOURCE_DIR,
                   "--color=no", "--curses=no", "--execution_log_json_file=" + log,
                   *flags, "//...")
        return ours(read_exec_log(log)), digests(os.path.join(self.ws, "bazel-bin"))

    def assertRunners(self, spawns, runners, count=9):
        self.assertEqual(len(spawns), count, [s["progressMessage"] for s in spawns])
        seen = {s["runner"] for s in spawns}
        self.assertTrue(seen <= set(runners), "runners %s, expected %s" % (seen, runners))

    def test_example_workspace(self):
        started = time.monotonic()
        spawns, first = self.build("--worker_verbose", "--disk_cache=" + self.cache_dir())
        self.assertRunners(spawns, {"worker"})
        self.check_requests_per_worker(spawns)
        self.assertEqual(len([p for p in first if p.endswith(".pyc")]), 16, sorted(first))
        self.check_direct_build(first)
        self.check_imports()

        ways = {
            "singleplex workers": (["--noexperimental_worker_multiplex"], {"worker"}),
            "sandboxed workers": (["--worker_sandboxing"], {"worker"}),
            "local": (["--strategy=%s=local" % m for m in ALL_MNEMONICS], {"local"}),
            "sandboxed": (["--strategy=%s=sandboxed" % m for m in ALL_MNEMONICS],
                          {"linux-sandbox", "processwrapper-sandbox"}),
        }
        for way, (flags, runners) in ways.items():
            spawns, got = self.build(*flags)
            self.assertRunners(spawns, runners)
            self.assertEqual(got, first, "%s: different bytes" % way)

        spawns, got = self.build("--disk_cache=" + self.cache_dir())
        self.assertRunners(spawns, {"remote cache hit"})
        self.assertTrue(all(s["remoteCacheHit"] for s in spawns))
        self.assertEqual(got, first, "from the disk cache: different bytes")

        self.check_incremental()
        sys.stderr.write("[%d bazel builds in %.1f s] " % (self.runs, time.monotonic() - started))

    def cache_dir(self):
        return os.path.join(self.top, "disk-cache")

    def check_requests_per_worker(self, spawns):
        """The worker logs (<output_base>/bazel-workers/, one per process)
        hold pycpack's line per request: together they answer every action,
        and for each mnemonic some process served several requests."""
        base = self.bazel("info", "output_base").stdout.strip()
        workers = os.path.join(base, "bazel-workers")
        logs = [n for n in os.listdir(workers) if n.endswith(".log")]
        for mnemonic in MNEMONICS:
            requests = []
            for name in logs:
                if name.endswith("-%s.log" % mnemonic):
                    with open(os.path.join(workers, name), errors="replace") as f:
                        requests.append(len(re.findall(
                            r"^pycpack worker \d+: request \d+: exit 0,", f.read(), re.M)))
            actions = [s for s in spawns if s["mnemonic"] == mnemonic]
            self.assertEqual(sum(requests), len(actions), "%s: %s" % (mnemonic, requests))
            self.assertGreater(max(requests or [0]), 1,
                               "%s: requests per worker process %s" % (mnemonic, requests))

    def check_direct_build(self, bazel_digests):
        """`pycpack build` of a manifest that walks the example's trees
        gives the bytes of the Bazel artifacts."""
        d = os.path.join(self.top, "direct")
        gen = os.path.join(d, "gen", "shop")
        os.makedirs(gen)
        shutil.copy(os.path.join(self.ws, "bazel-bin", "app", "src", "shop", "_version.py"), gen)
        ws = self.ws
        libraries = [
            {"name": "app", "root": ws + "/app/src", "mode": "pyc-only", "optimize": [1]},
            {"name": "gen", "root": d + "/gen", "mode": "pyc-only", "optimize": [1]},
            {"name": "vendor", "root": ws + "/vendor", "exclude": ["BUILD"],
             "mode": "py+pyc-unchecked", "optimize": [0, 2]},
            {"name": "plugins", "root": ws + "/plugins", "exclude": ["BUILD"], "mode": "py-only"},
        ]
        doc = {
            "manifest_version": 1,
            "variants": {"layer": {"source_path": {"prefix": "/opt/python/"}},
                         "debug": {"force_mode": "py+pyc-checked"}},
            "libraries": libraries,
            "outputs": [
                {"path": "release.tar.gz", "format": "tar.gz", "prefix": "opt/shop/"},
                {"path": "layer.zip", "format": "lambda-layer", "variant": "layer",
                 "libraries": ["app", "gen", "vendor"]},
                {"path": "debug_tree", "format": "dir", "variant": "debug"},
            ],
        }
        with open(os.path.join(d, "manifest.json"), "w") as f:
            json.dump(doc, f)
        proc = u.run_pycpack(["build", "manifest.json", "--no-cache", "--output-dir", "out"],
                             cwd=d, env=self.env)
        self.assertEqual(proc.returncode, 0, u.describe(proc))
        direct = digests(os.path.join(d, "out"))
        packaged = {p: h for p, h in bazel_digests.items()
                    if "/__pycache__/" not in p or p.startswith("debug_tree/")}
        self.assertEqual(direct, packaged)

    def check_imports(self):
        """The pycpack_pycs pycs beside their sources, and the release
        tarball unpacked: imports run code from the pycs."""
        bin_dir = os.path.join(self.ws, "bazel-bin")
        root = os.path.join(self.top, "pycs")
        shutil.copytree(os.path.join(self.ws, "app", "src", "shop"), os.path.join(root, "shop"))
        shutil.copytree(os.path.join(self.ws, "vendor", "tinyjson"), os.path.join(root, "tinyjson"))
        shutil.copy(os.path.join(self.ws, "precompiler", "greeting.py"), root)
        for rel, dest in (("app/src/shop/_version.py", "shop/_version.py"),
                          ("app/src/shop/__pycache__", "shop/__pycache__"),
                          ("vendor/tinyjson/__pycache__", "tinyjson/__pycache__"),
                          ("precompiler/__pycache__", "__pycache__")):
            src, dest = os.path.join(bin_dir, rel), os.path.join(root, dest)
            if os.path.isdir(src):
                shutil.copytree(src, dest, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("*.params"))
            else:
                shutil.copy(src, dest)
        u.make_writable(root)
        loaded = u.check_imports_from_pycs(self, root)
        for pyc in ("shop/__pycache__/_version.cpython-311.pyc",
                    "__pycache__/greeting.cpython-311.pyc"):
            self.assertIn(os.path.join(root, pyc), loaded)

        release = u.unpack(os.path.join(bin_dir, "release.tar.gz"), "tar.gz",
                           os.path.join(self.top, "release"))
        site = os.path.join(release, "opt", "shop")
        proc = u.run_python(["-v", "-c", "import shop.cart, nsplugins.hello as h; "
                             "print(shop.VERSION, shop.cart.Cart().add('pear').receipt(), "
                             "h.hello('x'))"], pythonpath=site)
        self.assertEqual(proc.returncode, 0, proc.stderr[-3000:])
        self.assertEqual(proc.stdout, '1.4.0 {"items":["pear"],"total":4} hello, x\n')
        loaded = u.code_object_sources(proc.stderr)
        for pyc in ("shop/__init__.pyc", "shop/_version.pyc", "shop/cart.pyc",
                    "tinyjson/__pycache__/encoder.cpython-311.pyc"):
            self.assertIn(os.path.join(site, pyc), loaded)

    def check_incremental(self):
        """A changed source reruns the actions that read it, nothing else."""
        with open(os.path.join(self.ws, "vendor", "tinyjson", "encoder.py"), "a") as f:
            f.write("\n\nVERSION = 2\n")
        spawns, _ = self.build(clean=False)
        self.assertEqual(sorted((s["mnemonic"], s["progressMessage"]) for s in spawns), [
            ("PycpackBuild", "Packing //:debug_tree (dir)"),
            ("PycpackBuild", "Packing //:layer (lambda-layer)"),
            ("PycpackBuild", "Packing //:release (tar.gz)"),
            ("PycpackCompile", "Compiling vendor/tinyjson/encoder.py")])
        with open(os.path.join(self.ws, "plugins", "nsplugins", "hello", "__init__.py"), "a") as f:
            f.write("\n\nVERSION = 2\n")
        spawns, _ = self.build(clean=False)
        self.assertEqual(sorted(s["progressMessage"] for s in spawns), [
            "Packing //:debug_tree (dir)", "Packing //:release (tar.gz)"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
