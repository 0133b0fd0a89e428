// Which optimization levels `verify` checks for each source when no
// --optimize is given: part of the check program (check_program.h), in
// Python, run by the interpreter under test.
//
// The rule: a build writes the same levels for every module of a library,
// and a library is made of whole packages, so the levels a source is
// checked at are
//
//   - every level at which a __pycache__ pyc of that module exists, for any
//     cache tag (`m.cpython-312.opt-1.pyc` says level 1 was built for m, so
//     a missing `m.cpython-313.opt-1.pyc` is a finding), plus
//   - every level at which a pyc of another module of its *unit* exists,
//     where the unit is the outermost regular package (a directory with an
//     `__init__`) holding the module through regular packages only; a
//     module outside any regular package has its directory as unit, or is
//     a unit alone at the top of the import root (top-level modules come
//     from any number of distributions). Modules in the guard layout of a
//     pyc-only build for several targets (one pyc under all three names
//     of a cache tag: identical bytes at levels 0, 1 and 2) give their own
//     levels only: those three names say nothing about the levels built for
//     the rest of their unit;
//   - level 0 alone when that gives none (no pyc in the unit: a py-only
//     part, whose sources are all compiled at import time).
//
// So a library built at level 0 beside a pyc-only one with a guard is
// checked at level 0 only, while a pyc deleted from a module whose unit
// (or whose other targets) has that level is still found.
#ifndef PYCPACK_VERIFY_DEFAULT_LEVELS_H_
#define PYCPACK_VERIFY_DEFAULT_LEVELS_H_

namespace pycpack {

// Python source defining
//   default_levels(root, sources, cached) -> {source: [levels, sorted]}
// with |root| the absolute import root, |sources| the absolute paths of
// the sources below it, |cached| those of every pyc in a __pycache__
// directory below it. Reads the pycs of guard candidates (an unreadable
// one makes its module no guard). Needs `os`, BYTECODE_SUFFIXES,
// SOURCE_SUFFIXES and read() from the check program.
extern const char kDefaultLevelsProgram[];

}  // namespace pycpack

#endif  // PYCPACK_VERIFY_DEFAULT_LEVELS_H_
