"""One build for every supported CPython found (tests/pythons.py: pyenv's
3.8-3.13, scripts/fetch-pythons' 3.14 and 3.15): each interpreter imports
every module from its own pyc on a read-only copy, each pyc equals that
interpreter's own compile(), pyc-only for several targets ships a guard
beside a py+pyc library and `verify` passes on both for every interpreter
(its default levels checked per part), and interpreters pycpack cannot
serve are refused by name. Under CI=true a supported version that is not
found fails (pythons.missing)."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import unittest

import e2e_util as u

ROOTS = [("app", os.path.join(u.TESTDATA, "src")),
         ("vendor", os.path.join(u.TESTDATA, "vendor"))]
EMBEDDED_XY = "%d.%d" % sys.version_info[:2]
PYTHONS = u.pythons.find()
# Foreign targets: every CPython found but the embedded version (same cache
# tag); the embedded version is imported with both sys.executable and the
# one found.
FOREIGN = {xy: exe for xy, exe in PYTHONS.items() if xy != EMBEDDED_XY}
# Modules of the vendor library (py+pyc at level 0 in the mixed build).
VENDOR_MODULES = [m for m in u.MODULES if m.startswith("tinyjson")]
APP_MODULES = [m for m in u.MODULES if m not in VENDOR_MODULES]


def version_key(xy):
    return tuple(int(p) for p in xy.split("."))


def tag_of(xy):
    return "cpython-" + xy.replace(".", "")


def target_name(xy):
    return "py" + xy.replace(".", "")


def targets_for(versions):
    return [{"python": FOREIGN[xy], "name": target_name(xy)} for xy in versions]


def interpreters():
    """(X.Y, program) for every interpreter that should load the artifact."""
    found = [(EMBEDDED_XY, sys.executable)]
    if EMBEDDED_XY in PYTHONS:
        found.append((EMBEDDED_XY, PYTHONS[EMBEDDED_XY]))
    return found + sorted(FOREIGN.items(), key=lambda i: version_key(i[0]))


# Run inside each interpreter over an unpacked artifact: every pyc tagged
# for it must hold the code object its own compile() makes from the source
# beside it (same dfile, same level) and the source's hash.
CHECK_PYCS = r'''
import importlib.util, json, marshal, os, sys
root = sys.argv[1]
tag = sys.implementation.cache_tag
checked, wrong = 0, []
for dirpath, dirs, files in os.walk(root):
    if os.path.basename(dirpath) != "__pycache__":
        continue
    for name in sorted(files):
        parts = name.split(".")
        if tag not in parts:
            continue
        i = parts.index(tag)
        level = int(parts[i + 1][4:]) if parts[i + 1].startswith("opt-") else 0
        src = os.path.join(os.path.dirname(dirpath), ".".join(parts[:i]) + ".py")
        with open(os.path.join(dirpath, name), "rb") as f:
            data = f.read()
        with open(src, "rb") as f:
            source = f.read()
        dfile = os.path.relpath(src, root).replace(os.sep, "/")
        want = compile(source, dfile, "exec", dont_inherit=True, optimize=level)
        ok = (data[:4] == importlib.util.MAGIC_NUMBER
              and data[4:8] == b"\x03\x00\x00\x00"
              and data[8:16] == importlib.util.source_hash(source)
              and marshal.loads(data[16:]) == want)
        checked += 1
        if not ok:
            wrong.append(name)
print(json.dumps({"checked": checked, "wrong": wrong}))
'''


class SupportedVersionsTest(unittest.TestCase):
    def test_every_supported_version_is_found(self):
        u.pythons.require(u.pythons.SUPPORTED, self)


def build_for_every_target(ws, doc, name):
    """Builds |doc| for the embedded CPython and every FOREIGN one."""
    doc["targets"] = ["embedded"] + targets_for(sorted(FOREIGN, key=version_key))
    path = ws.write_manifest(doc, name)
    return path, ws.run(["build", path, "--json"])


def verify(test, ws, artifact, pythons, imports=()):
    """`pycpack verify --json` of |artifact| with |pythons|: the report."""
    args = ["verify", artifact, "--json"]
    for exe in pythons:
        args += ["--python", exe]
    for module in imports:
        args += ["--import", module]
    proc = ws.run(args, timeout=600)
    test.assertTrue(proc.stdout, u.describe(proc))
    report = json.loads(proc.stdout)
    test.assertEqual(len(report["interpreters"]), len(pythons), u.describe(proc))
    return report


def findings(report, index):
    return {(f["path"], f["kind"], f["pyc"])
            for f in report["interpreters"][index]["findings"]}


@unittest.skipUnless(FOREIGN, "no supported CPython other than %s found"
                     % EMBEDDED_XY)
class MultiTargetBuildTest(unittest.TestCase):
    """testdata/src + vendor built once for the embedded CPython and every
    other CPython found: py+pyc-checked with levels 0 and 1 as dir, tar.gz
    and zip."""

    @classmethod
    def setUpClass(cls):
        print("\ntargets: embedded %s + %s" % (
            EMBEDDED_XY, ", ".join(sorted(FOREIGN, key=version_key))),
            file=sys.stderr)
        cls.ws = u.Workspace()
        doc = u.manifest(ROOTS, [
            {"path": "out/checked", "format": "dir"},
            {"path": "out/checked.tar.gz", "format": "tar.gz"},
            {"path": "out/checked.zip", "format": "zip"},
        ], defaults={"mode": "py+pyc-checked", "optimize": [0, 1]})
        cls.manifest, cls.build = build_for_every_target(
            cls.ws, doc, "manifest.json")

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def out(self, *parts):
        return self.ws.join("out", *parts)

    def test_build_succeeds_and_reports_every_target(self):
        self.assertEqual(self.build.returncode, 0, u.describe(self.build))
        report = json.loads(self.build.stdout)
        got = {t["name"]: (t["version"].rsplit(".", 1)[0], t["cache_tag"])
               for t in report["targets"]}
        want = {target_name(xy): (xy, tag_of(xy)) for xy in FOREIGN}
        want["embedded"] = (EMBEDDED_XY, sys.implementation.cache_tag)
        self.assertEqual(got, want)

    def test_every_source_has_a_pyc_per_target_and_level(self):
        self.assertEqual(self.build.returncode, 0, u.describe(self.build))
        tags = [tag_of(xy) for xy in FOREIGN] + [sys.implementation.cache_tag]
        for name, rel in u.MODULES.items():
            root = self.out("checked")
            src = os.path.join(root, rel)
            for tag in tags:
                for level in (0, 1):
                    pyc = u.pyc_name(rel, "py+pyc-checked", level).replace(
                        sys.implementation.cache_tag, tag)
                    self.assertTrue(os.path.isfile(os.path.join(root, pyc)),
                                    "%s: no %s" % (name, pyc))
            self.assertTrue(os.path.isfile(src))

    def test_each_interpreter_loads_every_module_from_its_own_pyc(self):
        self.assertEqual(self.build.returncode, 0, u.describe(self.build))
        ro = u.read_only_copy(self.out("checked"), self.ws.join("ro-checked"))
        for xy, exe in interpreters():
            for flags, level in (((), ""), (("-O",), 1)):
                with self.subTest(python=exe, flags=flags):
                    result, loaded = u.run_probe(ro, list(u.MODULES), flags,
                                                 python=exe)
                    for name, rel in u.MODULES.items():
                        src = os.path.join(ro, rel)
                        pyc = importlib.util.cache_from_source(
                            src, optimization=level).replace(
                                sys.implementation.cache_tag, tag_of(xy))
                        self.assertIn(pyc, loaded, "%s did not load %s" % (
                            exe, os.path.relpath(pyc, ro)))
                        self.assertNotIn(src, loaded)
                        self.assertEqual(result["modules"][name]["loader"],
                                         "SourceFileLoader")

    def test_each_pyc_is_its_interpreters_own_code(self):
        self.assertEqual(self.build.returncode, 0, u.describe(self.build))
        root = self.out("checked")
        for xy, exe in interpreters():
            with self.subTest(python=exe):
                proc = subprocess.run(
                    [exe, "-I", "-c", CHECK_PYCS, root], stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE, encoding="utf-8", timeout=120)
                self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])
                res = json.loads(proc.stdout)
                # Two levels of every source, a.b.py included.
                self.assertEqual(res["checked"], 2 * (len(u.MODULES) + 1))
                self.assertEqual(res["wrong"], [])

    def test_archives_hold_the_directory_bytes(self):
        self.assertEqual(self.build.returncode, 0, u.describe(self.build))
        want = u.snapshot(self.out("checked"))
        for fmt in ("tar.gz", "zip"):
            dest = u.unpack(self.out("checked." + fmt), fmt,
                            self.ws.join("unpacked-" + fmt))
            self.assertEqual(u.snapshot(dest), want, fmt)

    def test_verify_passes_with_every_interpreter(self):
        # The zip here; MixedBuildTest verifies a tar.gz.
        self.assertEqual(self.build.returncode, 0, u.describe(self.build))
        report = verify(self, self.ws, self.out("checked.zip"),
                        [exe for _, exe in interpreters()],
                        imports=["shop", "shop.cart.pricing", "tinyjson"])
        self.assertEqual(report["status"], "ok")
        for res in report["interpreters"]:
            # Levels 0 and 1 of every source were checked.
            self.assertEqual(res["optimize"], [0, 1], res["python"])
            self.assertEqual(res["findings"], [], res["python"])
            self.assertGreater(res["counts"]["pycs"], 0)
            self.assertEqual(res["counts"]["ok"], res["counts"]["pycs"])
            for imp in res["imports"]:
                self.assertIsNone(imp["error"])
                self.assertEqual(imp["from_source"], 0, imp)
                self.assertGreater(imp["from_bytecode"], 0, imp)

    def test_rebuilds_with_other_workers_and_no_cache_give_the_same_bytes(self):
        self.assertEqual(self.build.returncode, 0, u.describe(self.build))
        for args in (["-j", "1", "--no-cache"], ["-j", "3"]):
            with self.subTest(args=args):
                other = self.ws.join("again-" + args[1])
                os.makedirs(other)
                proc = self.ws.run(["build", self.manifest, "--output-dir", other,
                                    "--cache-dir", self.ws.join("cache2")] + args)
                self.assertEqual(proc.returncode, 0, u.describe(proc))
                for name in ("checked.tar.gz", "checked.zip"):
                    self.assertEqual(u.sha256_file(os.path.join(other, "out", name)),
                                     u.sha256_file(self.out(name)), name)


@unittest.skipUnless(FOREIGN, "no supported CPython other than %s found"
                     % EMBEDDED_XY)
class MixedBuildTest(unittest.TestCase):
    """One build for every target of two libraries: app pyc-only (a guard
    module and one pyc under the three level names per target), vendor
    py+pyc-checked at level 0 only; as tar.gz and as a wheel."""

    @classmethod
    def setUpClass(cls):
        cls.ws = u.Workspace()
        doc = u.manifest([
            {"name": "app", "root": ROOTS[0][1], "mode": "pyc-only"},
            {"name": "vendor", "root": ROOTS[1][1], "mode": "py+pyc-checked",
             "optimize": [0]}], [
            {"path": "out/mixed.tar.gz", "format": "tar.gz"},
            {"path": "out/wheels", "format": "wheel", "name": "shop",
             "version": "1.0"}])
        _, cls.build = build_for_every_target(cls.ws, doc, "mixed.json")
        cls.artifact = cls.ws.join("out", "mixed.tar.gz")

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def setUp(self):
        self.assertEqual(self.build.returncode, 0, u.describe(self.build))

    def test_every_target_loads_its_own_pycs_from_a_read_only_copy(self):
        ro = self.ws.unpacked_read_only(self.artifact, "tar.gz", "mixed")
        with open(os.path.join(ro, "shop/cart/pricing.py"), encoding="utf-8") as f:
            guard = f.read()
        self.assertIn("raise ImportError(", guard)
        for xy in FOREIGN:
            self.assertIn("CPython " + xy, guard)
        for xy, exe in interpreters():
            # vendor has level 0 only: -OO imports app alone.
            for flags, level, modules in (((), 0, list(u.MODULES)),
                                          (("-OO",), 2, APP_MODULES)):
                with self.subTest(python=exe, flags=flags):
                    _, loaded = u.run_probe(ro, modules, flags, python=exe)
                    for name in modules:
                        src = os.path.join(ro, u.MODULES[name])
                        pyc = importlib.util.cache_from_source(
                            src, optimization=level or "").replace(
                                sys.implementation.cache_tag, tag_of(xy))
                        self.assertIn(pyc, loaded, "%s did not load %s" % (
                            exe, os.path.relpath(pyc, ro)))
                    self.assertEqual([p for p in loaded if p.startswith(ro)
                                      and not p.endswith(".pyc")], [])

    def test_verify_checks_each_part_at_the_levels_it_was_built_with(self):
        # Regression: the guard's three level names made verify check
        # levels 1 and 2 of every vendor module, which has level 0 only.
        report = verify(self, self.ws, self.artifact,
                        [exe for _, exe in interpreters()],
                        imports=["shop.cart.pricing", "tinyjson.encoder"])
        self.assertEqual(report["status"], "ok")
        for res in report["interpreters"]:
            self.assertEqual(res["findings"], [], res["python"])
            self.assertEqual(res["optimize"], [0, 1, 2], res["python"])
            self.assertEqual(res["counts"]["ok"], res["counts"]["pycs"])
            self.assertEqual([i["from_source"] for i in res["imports"]], [0, 0])

    def test_verify_still_finds_a_missing_pyc_in_either_part(self):
        a, b = sorted(FOREIGN, key=version_key)[-2:] if len(FOREIGN) > 1 \
            else (list(FOREIGN)[0],) * 2
        root = u.unpack(self.artifact, "tar.gz", self.ws.join("broken"))
        vendor_pyc = "tinyjson/__pycache__/encoder.%s.pyc" % tag_of(a)
        guard_pyc = "shop/cart/__pycache__/pricing.%s.opt-1.pyc" % tag_of(b)
        for pyc in (vendor_pyc, guard_pyc):
            os.remove(os.path.join(root, pyc))
        report = verify(self, self.ws, root, [FOREIGN[a], FOREIGN[b]])
        self.assertEqual(report["exit_code"], 1)
        want = {("tinyjson/encoder.py", "missing", vendor_pyc),
                ("shop/cart/pricing.py", "missing", guard_pyc)}
        self.assertEqual(findings(report, 0) | findings(report, 1), want)

    def test_the_wheel_is_tagged_for_every_target(self):
        (wheel,) = os.listdir(self.ws.join("out", "wheels"))
        tags = wheel[:-len(".whl")].split("-")[2]
        self.assertEqual(set(tags.split(".")), {
            "cp" + xy.replace(".", "") for xy in list(FOREIGN) + [EMBEDDED_XY]})
        u.check_wheel(self, self.ws.join("out", "wheels", wheel))


class GuardTest(unittest.TestCase):
    """pyc-only for 3.13 + 3.15, run by interpreters that were no target:
    the embedded version, 3.14 (between the two) and 3.8 (older)."""

    def test_an_interpreter_that_was_no_target_gets_the_guards_import_error(self):
        found = u.pythons.require(["3.13", "3.15"], self)
        with u.Workspace() as ws:
            doc = u.manifest(ROOTS[:1], [{"path": "out/app", "format": "dir"}],
                             defaults={"mode": "pyc-only"})
            doc["targets"] = [{"python": found[xy], "name": target_name(xy)}
                              for xy in ("3.13", "3.15")]
            proc = ws.run(["build", ws.write_manifest(doc)])
            self.assertEqual(proc.returncode, 0, u.describe(proc))
            ro = u.read_only_copy(ws.join("out/app"), ws.join("ro"))
            others = [sys.executable] + [
                exe for xy, exe in sorted(u.pythons.find(("3.8", "3.14")).items())]
            for exe in others:
                with self.subTest(python=exe):
                    run = u.run_python(
                        ["-c", "import sys; print(sys.version.split()[0]); "
                         "import shop.cart.pricing"], pythonpath=ro, python=exe)
                    self.assertNotEqual(run.returncode, 0)
                    last = run.stderr.strip().splitlines()[-1]
                    self.assertEqual(
                        last, "ImportError: shop is shipped as bytecode for "
                        "CPython 3.13, CPython 3.15 only, not for cpython %s"
                        % run.stdout.strip())
            # The targets themselves run the code, also when asked to check
            # every hash-based pyc against its source.
            for xy in ("3.13", "3.15"):
                run = u.run_python(
                    ["--check-hash-based-pycs", "always", "-c",
                     "import shop.cart.pricing as p; print(p.__spec__.cached)"],
                    pythonpath=ro, python=found[xy])
                self.assertEqual(run.returncode, 0, run.stderr[-2000:])
                self.assertIn(tag_of(xy), run.stdout)


@unittest.skipUnless({"3.8", "3.9"} & set(FOREIGN), "needs CPython 3.8 or 3.9")
class NewerSyntaxTest(unittest.TestCase):
    def test_match_statement_fails_for_the_older_targets_only(self):
        older = sorted({"3.8", "3.9"} & set(FOREIGN), key=version_key)
        newer = sorted((xy for xy in FOREIGN if version_key(xy) >= (3, 10)),
                       key=version_key)
        with u.Workspace() as ws:
            os.makedirs(ws.join("src/pkg"))
            with open(ws.join("src/pkg/__init__.py"), "w") as f:
                f.write("")
            with open(ws.join("src/pkg/m.py"), "w") as f:
                f.write("def f(x):\n    match x:\n        case 1:\n"
                        "            return 'one'\n    return 'other'\n")
            doc = u.manifest([("app", ws.join("src"))],
                             [{"path": "out/app.zip", "format": "zip"}])
            doc["targets"] = ["embedded"] + targets_for(older + newer)
            proc = ws.run(["build", ws.write_manifest(doc)])
            self.assertEqual(proc.returncode, 1, u.describe(proc))
            errors = [l for l in proc.stderr.splitlines() if "SyntaxError" in l]
            self.assertEqual(sorted(l.rsplit("[target ", 1)[1] for l in errors),
                             [target_name(xy) + "]" for xy in older])
            for line in errors:
                self.assertTrue(line.startswith(os.path.join("src", "pkg", "m.py") + ":2:")
                                or "pkg/m.py:2:" in line, line)
            self.assertIn("1 file failed to compile for %s; nothing was written"
                          % ", ".join(target_name(xy) for xy in older), proc.stderr)
            self.assertFalse(os.path.exists(ws.join("out")))


class RefusedTargetTest(unittest.TestCase):
    def build_for(self, target):
        with u.Workspace() as ws:
            doc = u.manifest(ROOTS[:1], [{"path": "out/app.zip", "format": "zip"}])
            proc = ws.run(["build", ws.write_manifest(doc), "--target", target])
            self.assertFalse(os.path.exists(ws.join("out")))
            return proc

    @unittest.skipUnless(shutil.which("pypy3"), "pypy3 not installed")
    def test_pypy_is_refused_with_a_reason(self):
        proc = self.build_for(shutil.which("pypy3"))
        self.assertEqual(proc.returncode, 2, u.describe(proc))
        self.assertRegex(proc.stderr, r"PyPy 3\.\d+ \(.*\) is not supported: "
                         r"pycpack writes CPython bytecode")

    def test_a_cpython_older_than_3_8_is_refused(self):
        old = u.pythons.find(("3.6", "3.7"))
        if not old:
            self.skipTest("no CPython 3.6 or 3.7 found")
        xy, exe = sorted(old.items())[-1]
        proc = self.build_for(exe)
        self.assertEqual(proc.returncode, 2, u.describe(proc))
        self.assertIn("CPython %s" % xy, proc.stderr)
        self.assertIn("is not supported: unknown magic number", proc.stderr)

    def test_a_cpython_newer_than_pycpack_knows_is_refused_in_one_line(self):
        # A fake 3.16.0a1: the real Python, patched (tests/targets/).
        with u.Workspace() as ws:
            fake = ws.join("python3.16")
            with open(fake, "w") as f:
                f.write("#!/bin/sh\nexec '%s' -I '%s' \"$@\"\n" % (
                    sys.executable, os.path.join(u.SOURCE_DIR, "tests",
                                                 "targets", "fake_cpython316.py")))
            os.chmod(fake, 0o755)
            proc = self.build_for(fake)
        self.assertEqual(proc.returncode, 2, u.describe(proc))
        # One line: "pycpack: error: <manifest>: target ...".
        self.assertEqual(proc.stderr.count("\n"), 1, proc.stderr)
        self.assertTrue(proc.stderr.startswith("pycpack: error: "), proc.stderr)
        self.assertTrue(proc.stderr.endswith(
            ": target \"%s\" (--target): CPython 3.16 (3.16.0a1, '%s') is "
            "newer than this pycpack supports (3.8\u20133.15)\n" % (fake, fake)),
            proc.stderr)

    def test_two_targets_with_one_cache_tag_are_refused(self):
        with u.Workspace() as ws:
            doc = u.manifest(ROOTS[:1], [{"path": "out/app.zip", "format": "zip"}])
            proc = ws.run(["build", ws.write_manifest(doc), "--target", "embedded",
                           "--target", sys.executable])
            self.assertEqual(proc.returncode, 2, u.describe(proc))
            self.assertIn("have the same cache tag %s" % sys.implementation.cache_tag,
                          proc.stderr)

    def test_a_missing_interpreter_is_named(self):
        proc = self.build_for("no-such-python3.99")
        self.assertEqual(proc.returncode, 2, u.describe(proc))
        self.assertIn("no interpreter 'no-such-python3.99'", proc.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
