#include "verify/default_levels.h"

namespace pycpack {

// Modules are keyed by their path without suffix ("/r/pkg/m" for
// /r/pkg/m.py and /r/pkg/__pycache__/m.cpython-312.opt-1.pyc). A pyc name
// is split as importlib's cache_from_source builds it: <stem>.<cache
// tag>[.opt-N]<bytecode suffix>, the tag holding no dot.
const char kDefaultLevelsProgram[] = R"PY(

def module_pycs(cached):
    # {module key: {cache tag: {level: pyc path}}} of __pycache__ pycs.
    found = {}
    for pyc in cached:
        directory, name = os.path.split(pyc)
        for suffix in BYTECODE_SUFFIXES:
            if name.endswith(suffix):
                name = name[:-len(suffix)]
                break
        level = 0
        head, dot, opt = name.rpartition('.')
        if dot and opt in ('opt-1', 'opt-2'):
            level, name = int(opt[4]), head
        stem, dot, tag = name.rpartition('.')
        if not dot or not stem or not tag:
            continue
        key = os.path.join(os.path.dirname(directory), stem)
        found.setdefault(key, {}).setdefault(tag, {})[level] = pyc
    return found


def is_guard(tags):
    # One pyc under the three names of some cache tag.
    for pycs in tags.values():
        if sorted(pycs) != [0, 1, 2]:
            continue
        try:
            if len(set(os.path.getsize(pycs[level]) for level in (0, 1, 2))) != 1:
                continue
            data = [read(pycs[level]) for level in (0, 1, 2)]
        except OSError:
            continue
        if data[0] == data[1] == data[2]:
            return True
    return False


class Units(object):
    # The unit of a module (see verify/default_levels.h), with the
    # regular-package test of each directory computed once.

    def __init__(self, root):
        self.root = root
        self.packages = {}

    def is_package(self, directory):
        if directory == self.root:
            return False
        if directory not in self.packages:
            init = os.path.join(directory, '__init__')
            self.packages[directory] = any(
                os.path.isfile(init + s)
                for s in SOURCE_SUFFIXES + BYTECODE_SUFFIXES)
        return self.packages[directory]

    def of(self, key):
        directory = os.path.dirname(key)
        if not self.is_package(directory):
            return key if directory == self.root else directory
        while self.is_package(os.path.dirname(directory)):
            directory = os.path.dirname(directory)
        return directory


def default_levels(root, sources, cached):
    units = Units(root)
    own, by_unit = {}, {}
    for key, tags in module_pycs(cached).items():
        levels = set(level for pycs in tags.values() for level in pycs)
        own[key] = levels
        if not is_guard(tags):
            by_unit.setdefault(units.of(key), set()).update(levels)
    result = {}
    for source in sources:
        key = os.path.splitext(source)[0]
        levels = own.get(key, set()) | by_unit.get(units.of(key), set())
        result[source] = sorted(levels) or [0]
    return result
)PY";

}  // namespace pycpack
