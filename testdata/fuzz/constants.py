"""Every kind of constant marshal writes into a code object."""
SMALL = (0, 1, -1, 255, 256, 2**31 - 1, -2**31, 2**31, 2**63, -2**100, 10**40)
FLOATS = (0.0, -0.0, 1.5, 1e308, float("inf"), 3.14159)
COMPLEX = (1j, -2.5 + 3j)
TEXT = ("", "a", "ascii", "Grüße", "✓ €", "\ud800", "x" * 300)
DATA = (b"", b"\x00\xff", b"bytes" * 60)
NESTED = ((1, (2, (3, ("deep",)))), None, True, False, ...)


def members(x):
    return x in {1, 2, 3} or x in {"a", "b"} or x in frozenset({2.5, b"z"})


async def later(items):
    async for item in items:
        yield f"{item!r:>10}"


class Shape:
    def area(self, *args, scale=1, **kwargs):
        return [a * scale for a in args] + [lambda: kwargs]
