#!/usr/bin/env python3
"""Prints the total of a cart given as SKU=QUANTITY arguments."""

import sys

from shop.cart import Cart
from shop.cart.pricing import load_prices
from shop.util.strings import format_cents


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    cart = Cart()
    for arg in args:
        sku, _, qty = arg.partition("=")
        cart.add(sku, int(qty or "1"))
    print(format_cents(cart.total(load_prices())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
