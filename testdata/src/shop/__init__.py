"""A small shop: carts, prices and string helpers.

Used as input by the pycpack tests; every module here is imported from the
built artifacts.
"""

__version__ = "1.4.0"

from shop.cart import Cart  # noqa: F401  (re-exported)
