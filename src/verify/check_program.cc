#include "verify/check_program.h"

#include "verify/default_levels.h"

namespace pycpack {
namespace {

// The rules are importlib's (SourceLoader.get_code, SourcelessFileLoader,
// FileFinder): a source is served by the pyc at cache_from_source(path,
// optimization) for the running optimization level, when its header passes
// _classify_pyc and, for checked hash pycs, the hash matches; a header
// importlib rejects makes it compile the source instead. A sourceless
// x.pyc is loaded only when no x.py sits beside it, without any check of a
// source. A __pycache__ pyc without its source is never loaded.
const char kCheckBody[] = R"PY(
import sys
import os
import json
import marshal
import importlib.util
import importlib.machinery

MAGIC = bytes(importlib.util.MAGIC_NUMBER)
TAG = sys.implementation.cache_tag
CODE_TYPE = type(compile('', '', 'exec'))
SOURCE_SUFFIXES = tuple(importlib.machinery.SOURCE_SUFFIXES)
BYTECODE_SUFFIXES = tuple(importlib.machinery.BYTECODE_SUFFIXES)
COMPILED = 'the source would be compiled at import time'
# The list of sources a pycpack build kept on purpose (they do not compile).
KEPT_LIST = 'pycpack-kept-sources.json'


def text(value):
    # File names may hold bytes that are not UTF-8 (surrogate escapes).
    return value.encode('utf-8', 'surrogateescape').decode(
        'utf-8', 'backslashreplace')


def magic_number(data):
    return int.from_bytes(data[:2], 'little')


def cached_name(source, level):
    return importlib.util.cache_from_source(
        source, optimization='' if level == 0 else level)


def tagged_level(name):
    # The level of a __pycache__ file name made for this interpreter.
    if TAG is None:
        return None
    for level, opt in ((0, ''), (1, '.opt-1'), (2, '.opt-2')):
        for suffix in BYTECODE_SUFFIXES:
            if name.endswith('.' + TAG + opt + suffix):
                return level
    return None


def header_problem(data):
    if len(data) < 16:
        return ('truncated', 'pyc header incomplete: %d of 16 bytes'
                % len(data))
    if data[:4] != MAGIC:
        if data[2:4] != b'\r\n':
            return ('bad-magic', 'not a pyc: no magic number')
        return ('bad-magic', 'magic number %d, not this interpreter\'s %d: '
                'a pyc for another Python version'
                % (magic_number(data), magic_number(MAGIC)))
    flags = int.from_bytes(data[4:8], 'little')
    if flags not in (0, 1, 3):
        return ('bad-flags', 'invalid flags %#x (valid: 0, 0b01, 0b11)'
                % flags)
    return None


def body_problem(data):
    try:
        code = marshal.loads(data[16:])
    except Exception as e:
        return ('unmarshal', 'marshal data does not load (%s: %s): '
                'importing it fails' % (type(e).__name__, e))
    if not isinstance(code, CODE_TYPE):
        return ('unmarshal', 'marshal data holds a %s, not a code object: '
                'importing it fails' % type(code).__name__)
    return None


def hash_problem(data, source_bytes, flags):
    if data[8:16] == importlib.util.source_hash(source_bytes):
        return None
    if flags == 3:
        return ('stale-hash', 'checked pyc whose source hash does not match '
                'the source: ' + COMPILED)
    return ('stale-hash', 'unchecked pyc whose source hash does not match '
            'the source: importlib would run the old code')


def timestamp_problem(data, st):
    mtime = int.from_bytes(data[8:12], 'little')
    size = int.from_bytes(data[12:16], 'little')
    if (mtime != int(st.st_mtime) & 0xFFFFFFFF
            or size != st.st_size & 0xFFFFFFFF):
        return ('stale-timestamp', 'timestamp pyc (flags 0) that does not '
                'match the source (pyc: mtime %d size %d; source: mtime %d '
                'size %d): %s' % (mtime, size, int(st.st_mtime),
                                  st.st_size, COMPILED))
    return ('timestamp', 'timestamp pyc (flags 0): valid only while the '
            'source keeps its mtime and size, which copying or unpacking '
            'changes; ship hash-based pycs')


def read(path):
    with open(path, 'rb') as f:
        return f.read()


def kept_base(path):
    # A list's paths are relative to its directory or, in a .dist-info, to
    # the directory holding that (as RECORD's).
    base = os.path.dirname(path)
    if base.endswith('.dist-info'):
        base = os.path.dirname(base)
    return base


class Verifier(object):

    def __init__(self, root):
        self.root = root
        self.findings = []
        self.info = []
        self.counts = {'sources': 0, 'pycs': 0, 'ok': 0}
        self.kept = {}  # source path -> its entry in a kept list

    def read_kept_lists(self, lists):
        for path in lists:
            try:
                with open(path, 'rb') as f:
                    entries = json.loads(f.read().decode('utf-8'))['kept']
                names = [e['path'] for e in entries]
                reasons = ['%s at %s:%s: %s' % (e['kind'], e['line'], e['col'],
                                                e['message']) for e in entries]
            except (OSError, ValueError, KeyError, TypeError) as e:
                self.finding(path, None, ('unreadable', 'not a list of kept '
                                          'sources: %s' % e))
                continue
            for name, reason in zip(names, reasons):
                parts = str(name).split('/')
                if '..' in parts or '' in parts:
                    continue
                self.kept[os.path.join(kept_base(path), *parts)] = reason

    def rel(self, path):
        return text(os.path.relpath(path, self.root).replace(os.sep, '/'))

    def finding(self, path, pyc, problem):
        self.findings.append({'path': self.rel(path),
                              'pyc': self.rel(pyc) if pyc else None,
                              'kind': problem[0], 'message': problem[1]})

    def note(self, path, message):
        self.info.append({'path': self.rel(path), 'message': message})

    def check_pyc(self, path, pyc, problems):
        self.counts['pycs'] += 1
        problems = [p for p in problems if p]
        if not problems:
            self.counts['ok'] += 1
        for problem in problems:
            self.finding(path, pyc, problem)

    def check_source(self, source, levels):
        self.counts['sources'] += 1
        try:
            source_bytes = read(source)
            st = os.stat(source)
        except OSError as e:
            self.finding(source, None, ('unreadable', e.strerror))
            return
        if TAG is None:
            self.finding(source, None, ('missing', 'this interpreter has no '
                                        'cache tag: ' + COMPILED))
            return
        kept = self.kept.get(source)
        for level in levels:
            pyc = cached_name(source, level)
            try:
                data = read(pyc)
            except FileNotFoundError:
                if kept is not None:
                    self.note(source, 'kept as source on purpose, without pyc '
                              '(%s): %s' % (KEPT_LIST, kept))
                    kept = None  # one note per source
                    continue
                if source in self.kept:
                    continue
                self.finding(source, pyc, (
                    'missing', 'no pyc for optimization level %d: %s'
                    % (level, COMPILED)))
                continue
            except OSError as e:
                self.finding(source, pyc, ('unreadable', e.strerror))
                continue
            header = header_problem(data)
            if header:
                problems = [(header[0], header[1] + '; ' + COMPILED)]
            else:
                flags = int.from_bytes(data[4:8], 'little')
                if flags == 0:
                    problems = [timestamp_problem(data, st)]
                else:
                    problems = [hash_problem(data, source_bytes, flags)]
                problems.append(body_problem(data))
            self.check_pyc(source, pyc, problems)

    def check_sourceless(self, pyc):
        stem = pyc[:-len([s for s in BYTECODE_SUFFIXES if pyc.endswith(s)][0])]
        for suffix in SOURCE_SUFFIXES:
            if os.path.exists(stem + suffix):
                self.note(pyc, 'not loaded: %s beside it takes precedence'
                          % os.path.basename(stem + suffix))
                return
        try:
            data = read(pyc)
        except OSError as e:
            self.finding(pyc, pyc, ('unreadable', e.strerror))
            return
        header = header_problem(data)
        if header:
            problems = [(header[0], header[1] + '; importing it fails')]
        else:
            problems = [body_problem(data)]
        self.check_pyc(pyc, pyc, problems)

    def note_orphans(self, sources, cached):
        claimed = set(cached_name(s, level) for s in sources
                      for level in (0, 1, 2)) if TAG is not None else set()
        for pyc in cached:
            if pyc not in claimed and tagged_level(os.path.basename(pyc)) \
                    is not None:
                self.note(pyc, 'no source beside its __pycache__: never '
                          'loaded')


def walk(root):
    sources, sourceless, cached, kept_lists = [], [], [], []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        in_cache = os.path.basename(dirpath) == '__pycache__'
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if in_cache:
                if name.endswith(BYTECODE_SUFFIXES):
                    cached.append(path)
            elif name.endswith(SOURCE_SUFFIXES):
                sources.append(path)
            elif name.endswith(BYTECODE_SUFFIXES):
                sourceless.append(path)
            elif name == KEPT_LIST and os.path.isfile(path):
                kept_lists.append(path)
    return sources, sourceless, cached, kept_lists


def main(root, options):
    root = os.path.abspath(root)
    sources, sourceless, cached, kept_lists = walk(root)
    if options.get('optimize'):
        levels = dict((s, options['optimize']) for s in sources)
    else:
        levels = default_levels(root, sources, cached)
    v = Verifier(root)
    v.read_kept_lists(kept_lists)
    for source in sources:
        v.check_source(source, levels[source])
    for pyc in sourceless:
        v.check_sourceless(pyc)
    v.note_orphans(sources, cached)
    if not sources and not sourceless:
        v.finding(root, None, ('empty', 'no Python source or pyc below the '
                               'import root'))
    impl = sys.implementation
    result = {
        'interpreter': {
            'implementation': impl.name,
            'version': sys.version.split()[0],
            'cache_tag': TAG,
            'magic': ''.join('%02x' % b for b in bytearray(MAGIC)),
            'executable': text(sys.executable or ''),
        },
        'optimize': options.get('optimize') or sorted(
            set(level for each in levels.values() for level in each)) or [0],
        'counts': v.counts,
        'findings': v.findings,
        'info': v.info,
        'kept': sorted(v.rel(s) for s in v.kept if os.path.isfile(s)),
    }
    sys.stdout.write(json.dumps(result, sort_keys=True) + '\n')
)PY";

const char kCheckMain[] = R"PY(

main(sys.argv[1], json.loads(sys.argv[2]))
)PY";

}  // namespace

std::string CheckProgram() {
  return std::string(kCheckBody) + kDefaultLevelsProgram + kCheckMain;
}

#define PYCPACK_IMPORT_MARKER "pycpack-verify-import:"

const char kImportMarker[] = PYCPACK_IMPORT_MARKER;

const char kImportProgram[] = R"PY(
import sys
import json
import importlib
import traceback


def text(value):
    return value.encode('utf-8', 'surrogateescape').decode(
        'utf-8', 'backslashreplace')


def file_of(module):
    try:
        path = getattr(module, '__file__', None)
    except Exception:
        return None
    return path if isinstance(path, str) else None


root, name = sys.argv[1], sys.argv[2]
real_stdout = sys.stdout
sys.stdout = sys.stderr
error = None
sys.path.insert(0, root)
try:
    importlib.import_module(name)
except BaseException as e:
    error = traceback.format_exception_only(type(e), e)[-1].strip()
sys.stdout = real_stdout
prefix = root.rstrip('/') + '/'
files = set(file_of(m) for m in list(sys.modules.values()))
in_root = sorted(text(f) for f in files if f and f.startswith(prefix))
module = sys.modules.get(name)
file = file_of(module) if module is not None else None
real_stdout.write('\n)PY" PYCPACK_IMPORT_MARKER R"PY(' + json.dumps({
    'module': text(name), 'file': text(file) if file else None,
    'error': text(error) if error else None, 'in_root': in_root}) + '\n')
real_stdout.flush()
)PY";

}  // namespace pycpack
