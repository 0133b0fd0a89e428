"""Constructs that compile to new constant kinds in CPython 3.14 and later."""


def slices(seq, grid):
    # Constant slices are folded into co_consts (marshal version 5).
    head, tail, every_third = seq[1:2], seq[-3:], seq[::3]
    grid[1:2, "a":"b"] = None  # a tuple of slices, strings inside
    del seq[:10]
    return head, tail, every_third, seq[1:2]  # the same slice again


def documented(x):
    """A docstring: CO_HAS_DOCSTRING is set."""
    assert x, "LOAD_COMMON_CONSTANT 0"
    return x


def undocumented():
    return "a first constant that is not a docstring"


def template(name):
    return t"Hello {name!r:>10}"


class Annotated:
    field: int = 1
    other: "Annotated | None" = None

    def method(self, value: list[int]) -> None:
        try:
            self.field = value[0:1][0]
        except IndexError, KeyError:
            pass
