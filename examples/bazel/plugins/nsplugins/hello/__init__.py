"""A namespace-package plugin, shipped as source."""


def hello(name):
    return "hello, %s" % name
