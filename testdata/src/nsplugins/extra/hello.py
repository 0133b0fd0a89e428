"""A module inside a namespace package (no __init__.py above it)."""


def greet(name):
    """Returns a greeting for |name|."""
    return f"hello, {name}"
