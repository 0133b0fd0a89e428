"""Archive metadata: sorted entries with explicit directories, fixed mtime,
owner 0 without names, normalised modes, gzip header without name or time."""

import os
import struct
import unittest
import zipfile

import e2e_util as u

SRC = os.path.join(u.TESTDATA, "src")
VENDOR = os.path.join(u.TESTDATA, "vendor")
BANNED_PAX_KEYS = ("atime", "ctime")
BANNED_PAX_PREFIXES = ("SCHILY.", "LIBARCHIVE.", "GNU.")


def bytewise_sorted(names):
    return sorted(names, key=lambda n: n.rstrip("/").encode())


class MetadataTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.ws = u.Workspace()
        outputs = u.all_format_outputs("out/app") + [
            {"path": "out/prefixed.zip", "format": "zip",
             "prefix": "opt/app/"},
            {"path": "out/prefixed.tar", "format": "tar",
             "prefix": "opt/app/"}]
        path = cls.ws.write_manifest(u.manifest(
            [("app", SRC), ("vendor", VENDOR)], outputs,
            {"mode": "py+pyc-checked", "optimize": [0, 1]}))
        cls.proc = cls.ws.run(["build", path])
        cls.out = cls.ws.join("out")

    @classmethod
    def tearDownClass(cls):
        cls.ws.close()

    def setUp(self):
        self.assertEqual(self.proc.returncode, 0, u.describe(self.proc))

    def expected_names(self, prefix=""):
        files = u.expected_files([SRC, VENDOR], "py+pyc-checked", [0, 1],
                                 prefix)
        return set(files), u.parent_dirs(files)

    def check_order_and_dirs(self, names, dir_names, prefix=""):
        """|names|: entry names in archive order (dirs without '/')."""
        files, dirs = self.expected_names(prefix)
        self.assertEqual(len(names), len(set(names)), "duplicate entries")
        self.assertEqual(set(names) - dir_names, files)
        self.assertEqual(dir_names, dirs)
        self.assertEqual(names, bytewise_sorted(names))
        seen = set()
        for name in names:
            parent = name.rpartition("/")[0]
            if parent:
                self.assertIn(parent, seen, "%s before its directory" % name)
            seen.add(name)

    def check_tar(self, fmt, path, prefix=""):
        with u.open_tar(path, fmt) as tf:
            members = tf.getmembers()
            raw = tf.fileobj
            names, dirs = [], set()
            for m in members:
                with self.subTest(member=m.name):
                    self.check_tar_member(m, raw)
                names.append(m.name)
                if m.isdir():
                    dirs.add(m.name)
        self.check_order_and_dirs(names, dirs, prefix)

    def check_tar_member(self, m, raw):
        self.assertTrue(m.isfile() or m.isdir())
        self.assertEqual((m.uid, m.gid), (0, 0))
        self.assertEqual((m.uname, m.gname), ("", ""))
        self.assertEqual(m.mtime, u.DEFAULT_MTIME)
        if m.isdir():
            self.assertEqual(m.mode, 0o755)
        else:
            want = 0o755 if m.name.endswith("shop/tools/run.py") else 0o644
            if not m.name.endswith(".pyc"):
                self.assertEqual(m.mode, want)
            else:
                self.assertIn(m.mode, (0o644, 0o755))
        for key in m.pax_headers:
            self.assertNotIn(key, BANNED_PAX_KEYS)
            self.assertFalse(key.startswith(BANNED_PAX_PREFIXES), key)
        # The ustar header of the member itself (after any pax header).
        raw.seek(m.offset_data - 512)
        header = raw.read(512)
        name = header[0:100].rstrip(b"\0")
        prefix = header[345:500].rstrip(b"\0")
        full = (prefix + b"/" + name) if prefix else name
        if m.isdir() and "path" not in m.pax_headers:
            self.assertTrue(full.endswith(b"/"), full)

    def test_tar_formats(self):
        for fmt in ("tar", "tar.gz", "tar.zst"):
            with self.subTest(format=fmt):
                self.check_tar(fmt, os.path.join(self.out,
                                                 "app" + u.FORMATS[fmt]))

    def test_tar_prefix(self):
        self.check_tar("tar", os.path.join(self.out, "prefixed.tar"),
                       prefix="opt/app/")

    def check_zip(self, path, prefix=""):
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            self.assertIsNone(zf.testzip())
        names, dirs = [], set()
        for info in infos:
            with self.subTest(entry=info.filename):
                self.check_zip_entry(info)
            names.append(info.filename.rstrip("/"))
            if info.filename.endswith("/"):
                dirs.add(info.filename.rstrip("/"))
        self.check_order_and_dirs(names, dirs, prefix)

    def check_zip_entry(self, info):
        self.assertEqual(info.date_time, (1980, 1, 1, 0, 0, 0))
        self.assertEqual(info.create_system, 3, "modes need a unix zip")
        mode = info.external_attr >> 16
        if info.filename.endswith("/"):
            self.assertEqual(mode, 0o040755)
            self.assertEqual(info.file_size, 0)
        elif info.filename.endswith("shop/tools/run.py"):
            self.assertEqual(mode, 0o100755)
        elif info.filename.endswith(".pyc"):
            self.assertIn(mode, (0o100644, 0o100755))
        else:
            self.assertEqual(mode, 0o100644)
        for tag, data in self.zip_extra_fields(info.extra):
            if tag == 0x5455:  # extended timestamp: flags, then times
                times = struct.unpack("<%di" % ((len(data) - 1) // 4),
                                      data[1:1 + 4 * ((len(data) - 1) // 4)])
                self.assertEqual(set(times), {u.DEFAULT_MTIME})
            if tag == 0x7875:  # unix uid/gid
                size = data[1]
                uid = int.from_bytes(data[2:2 + size], "little")
                gid = int.from_bytes(data[3 + size:], "little")
                self.assertEqual((uid, gid), (0, 0))

    @staticmethod
    def zip_extra_fields(extra):
        fields, i = [], 0
        while i + 4 <= len(extra):
            tag, size = struct.unpack("<HH", extra[i:i + 4])
            fields.append((tag, extra[i + 4:i + 4 + size]))
            i += 4 + size
        return fields

    def test_zip(self):
        self.check_zip(os.path.join(self.out, "app.zip"))

    def test_zip_prefix(self):
        self.check_zip(os.path.join(self.out, "prefixed.zip"),
                       prefix="opt/app/")

    def test_gzip_header(self):
        with open(os.path.join(self.out, "app.tar.gz"), "rb") as f:
            header = f.read(10)
        self.assertEqual(header[:3], b"\x1f\x8b\x08")
        flags = header[3]
        self.assertEqual(flags & 0x08, 0, "FNAME set")
        self.assertEqual(flags & 0x10, 0, "FCOMMENT set")
        self.assertEqual(struct.unpack("<I", header[4:8])[0], 0, "MTIME set")

    def test_zstd_frame(self):
        with open(os.path.join(self.out, "app.tar.zst"), "rb") as f:
            self.assertEqual(f.read(4), b"\x28\xb5\x2f\xfd")

    def test_dir_output_modes(self):
        got = u.tree(os.path.join(self.out, "app"))
        for path, (kind, mode, _) in got.items():
            if kind == "dir":
                self.assertEqual(mode, 0o755, path)
            elif path == "shop/tools/run.py":
                self.assertEqual(mode, 0o755, path)
            elif not path.endswith(".pyc"):
                self.assertEqual(mode, 0o644, path)


if __name__ == "__main__":
    unittest.main()
