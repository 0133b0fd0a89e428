"""Helpers for the tests of installing and packaging pycpack (test_install,
test_deb, test_completion): the build tree, the tools they need, and what
the binary's --help lists."""

import os
import re
import shutil
import subprocess
import unittest

import e2e_util as u


def require_tool(test, program, package):
    """Skips |test| (a TestCase or its class) when |program| is not in PATH,
    naming the Debian |package| that has it; under CI=true fails instead
    (scripts/install-deps installs it). Returns the program's path."""
    path = shutil.which(program)
    if path:
        return path
    msg = "%s is not installed (Debian: apt-get install %s)" % (program, package)
    if u.pythons.in_ci():
        raise AssertionError(msg + "; CI=true requires it")
    raise unittest.SkipTest(msg)


def build_dir():
    """The CMake build tree that made PYCPACK_BIN (the binary is at its
    top); fails when PYCPACK_BIN is not in one."""
    path = os.path.dirname(os.path.realpath(u.pycpack_bin()))
    if not os.path.isfile(os.path.join(path, "CMakeCache.txt")):
        raise AssertionError("PYCPACK_BIN (%s) is not at the top of a CMake build "
                             "tree (no CMakeCache.txt beside it)" % u.pycpack_bin())
    return path


def project_version():
    """project(VERSION) of the build tree, from its CMakeCache.txt."""
    with open(os.path.join(build_dir(), "CMakeCache.txt")) as f:
        m = re.search(r"^CMAKE_PROJECT_VERSION:STATIC=(\S+)$", f.read(), re.M)
    if not m:
        raise AssertionError("no CMAKE_PROJECT_VERSION in CMakeCache.txt")
    return m.group(1)


def help_text(args, binary=None):
    """The output of `pycpack ARGS --help`."""
    proc = subprocess.run([binary or u.pycpack_bin()] + args + ["--help"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=60)
    assert proc.returncode == 0, u.describe(proc)
    return proc.stdout + proc.stderr


def listed_subcommands(binary=None):
    """The subcommands `pycpack --help` lists."""
    block = help_text([], binary).split("Subcommands:", 1)[1]
    return [m.group(1) for m in re.finditer(r"^  (\S+)", block, re.M)]


def listed_options(args, binary=None):
    """Every option in the option lists of `pycpack ARGS --help`: lines that
    start with "  -", up to the description (two or more spaces)."""
    options = set()
    for line in help_text(args, binary).splitlines():
        if not re.match(r"  +-", line):
            continue
        term = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
        options.update(re.findall(r"(?:^|[\s,\[])(--?[A-Za-z][\w-]*)", term))
    return options


def magic_number():
    """The pyc magic number of the interpreter pycpack embeds (e2e_util:
    the one running the tests), as an integer: 3495 for 3.11."""
    return int.from_bytes(u.MAGIC[:2], "little")
