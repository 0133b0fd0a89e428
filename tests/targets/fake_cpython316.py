"""A fake CPython 3.16.0a1 for tests of targets newer than pycpack knows.

Run by a real CPython as `python -I fake_cpython316.py [OPTIONS] -c PROGRAM
ARG...` (the way pycpack starts a target, through a two-line shell wrapper
the test writes): it patches what pycpack's probe reads -- sys.version,
sys.version_info, the cache tag, importlib's magic number (3700) and the
source-hash key -- then runs PROGRAM with sys.argv = ['-c', ARG...].
Options before -c are ignored.
"""

import sys
import _imp
import importlib.util
import _frozen_importlib_external as external

MAGIC = (3700).to_bytes(2, "little") + b"\r\n"

external.MAGIC_NUMBER = importlib.util.MAGIC_NUMBER = MAGIC
external._RAW_MAGIC_NUMBER = int.from_bytes(MAGIC, "little")
_imp.pyc_magic_number_token = int.from_bytes(MAGIC, "little")
sys.version = "3.16.0a1 " + sys.version.partition(" ")[2]
sys.version_info = (3, 16, 0, "alpha", 1)
sys.implementation.cache_tag = "cpython-316"

args = sys.argv[1:]
at = args.index("-c")
sys.argv = ["-c"] + args[at + 2:]
exec(compile(args[at + 1], "<string>", "exec"), {"__name__": "__main__"})
