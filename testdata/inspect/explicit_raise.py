# No assert statement and no docstring: only an explicit raise of AssertionError.


def check(x):
    if not x:
        raise AssertionError("x must be true")
    return x
