"""A module exercising the constant kinds found in code objects."""
import os.path
from collections import namedtuple as _nt

BIG = 2 ** 70
NEG = -(2 ** 31)
FLOATS = (1.5, -0.0, 0.0, float("inf"), 1e300)
COMPLEX = 2 - 3j
RAW = b"\x00\xffbytes"
TEXT = "caf\u00e9 \u20ac \U0001F600"
LONG_TEXT = "x" * 300
MIXED = (0, False, 0.0, None, ..., "", b"")
WIDE = (  # a constant tuple of more than 255 items
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39,
    40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58,
    59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77,
    78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96,
    97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
    112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126,
    127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141,
    142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156,
    157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171,
    172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186,
    187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197, 198, 199, 200, 201,
    202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216,
    217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231,
    232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246,
    247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 259, 260, 261,
    262, 263, 264, 265, 266, 267, 268, 269, 270, 271, 272, 273, 274, 275, 276,
    277, 278, 279, 280, 281, 282, 283, 284, 285, 286, 287, 288, 289, 290, 291,
    292, 293, 294, 295, 296, 297, 298, 299
)
café = "non-ASCII identifier"


def classify(word, *, strict=False):
    """Uses frozenset constants (the compiler turns these literals into them)."""
    if word in {"alpha", "beta", "gamma", "delta", "epsilon"}:
        return "greek"
    if word in {1, 2.5, "three", b"four", (5, "six")}:
        return "mixed"
    return None if strict else word


class Outer:
    """Nested scopes: qualnames, cells and free variables."""

    class Inner:
        def method(self, x):
            return lambda y: x + y

    def closures(self):
        total = 0

        def add(n):
            nonlocal total
            total += n
            return total

        return [add(i) for i in range(3)], {k: v for k, v in zip("ab", "cd")}


async def agen():
    async with open_thing() as t:
        yield t


def open_thing():
    try:
        return os.path.join("a", "b")
    except (OSError, ValueError) as e:
        raise RuntimeError("failed") from e
    finally:
        pass
