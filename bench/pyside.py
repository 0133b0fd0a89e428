"""The benchmark's work done inside the interpreter being measured.

bench.py runs this file with the interpreter pycpack embeds
(`/usr/bin/python3 -B pyside.py ...`), so that "which files compile" and
"how long CPython's own compiler takes" are answered by the very same build
of CPython.

  pyside.py broken ROOT LIST
      Compiles every file named in LIST (one path per line, relative to
      ROOT), on every core. Prints a JSON array of {"path", "error"} for
      the files that fail, sorted by path; nothing else on stdout.

  pyside.py cpu-limit ROOT LIST
      Reads every file of LIST into memory, then times one pass of
      compile(source, path, "exec", dont_inherit=True, optimize=0) followed
      by marshal.dumps(code) over all of them, in this one process. Prints
      {"files", "source_bytes", "marshal_bytes", "wall", "cpu"} as JSON.
      Fails (exit 1) if a file does not compile: LIST must already exclude
      the broken files.

Writes nothing but stdout/stderr.
"""

import json
import marshal
import multiprocessing
import os
import sys
import time
import warnings


def _read_list(list_file):
    with open(list_file, encoding="utf-8", errors="surrogateescape") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def _compile_error(args):
    """Returns None if ROOT/REL compiles, else a one-line description."""
    root, rel = args
    path = os.path.join(root, rel)
    with open(path, "rb") as f:
        source = f.read()
    warnings.simplefilter("ignore")
    try:
        compile(source, path, "exec", dont_inherit=True, optimize=0)
    except Exception as e:  # SyntaxError, ValueError (NUL bytes), ...
        return "%s: %s" % (type(e).__name__, e)
    return None


def broken(root, list_file):
    rels = _read_list(list_file)
    with multiprocessing.Pool(os.cpu_count()) as pool:
        errors = pool.map(_compile_error, [(root, r) for r in rels],
                          chunksize=16)
    out = [{"path": r, "error": e} for r, e in zip(rels, errors) if e]
    out.sort(key=lambda d: d["path"])
    json.dump(out, sys.stdout)
    return 0


def cpu_limit(root, list_file):
    rels = _read_list(list_file)
    sources = []
    for rel in rels:
        path = os.path.join(root, rel)
        with open(path, "rb") as f:
            sources.append((path, f.read()))
    warnings.simplefilter("ignore")
    # One untimed compile, so that no first-call cost lands in the timed loop.
    marshal.dumps(compile(b"x = 1\n", "<warm-up>", "exec", dont_inherit=True))
    marshal_bytes = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for path, source in sources:
        code = compile(source, path, "exec", dont_inherit=True, optimize=0)
        marshal_bytes += len(marshal.dumps(code))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    json.dump({"files": len(sources),
               "source_bytes": sum(len(s) for _, s in sources),
               "marshal_bytes": marshal_bytes, "wall": wall, "cpu": cpu},
              sys.stdout)
    return 0


def main(argv):
    if len(argv) != 4 or argv[1] not in ("broken", "cpu-limit"):
        sys.stderr.write(__doc__)
        return 2
    command = broken if argv[1] == "broken" else cpu_limit
    return command(argv[2], argv[3])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
