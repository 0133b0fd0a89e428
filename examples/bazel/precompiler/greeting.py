"""Compiled the way rules_python precompiles."""


def greet(name):
    return "hello, %s" % name
