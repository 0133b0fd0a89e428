"""A small shop: prices and carts."""

from shop._version import VERSION

__all__ = ["VERSION"]
