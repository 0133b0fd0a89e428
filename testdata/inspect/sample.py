"""A module with docstrings and asserts, for `pycpack inspect` tests."""

LABELS = ("x" for _ in range(2))  # a generator expression whose first constant is a str


class Basket:
    """A class docstring."""

    def __init__(self, items):
        """A method docstring."""
        self.items = list(items)

    def total(self):
        assert self.items, "empty basket"
        return sum(self.items)


def untitled(x):
    label = "not a docstring"
    return label, (lambda: "nor is this")
