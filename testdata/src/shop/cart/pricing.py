"""Pricing rules for carts.

Amounts are integers in cents.
"""

import json
import os

CURRENCIES = frozenset({"EUR", "USD", "CHF"})
DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data")


class PriceRule:
    """A percentage discount on one sku from a minimum quantity."""

    def __init__(self, sku, min_quantity, percent):
        assert 0 <= percent <= 100, "percent out of range"
        self.sku = sku
        self.min_quantity = min_quantity
        self.percent = percent

    def apply(self, sku, quantity, amount):
        """Returns |amount| with the discount applied when the rule matches."""
        if sku == self.sku and quantity >= self.min_quantity:
            return amount - amount * self.percent // 100
        return amount


class Marker:
    """Only a docstring: nothing else in the body."""


def noop():
    """Only a docstring: nothing else in the body."""


def check_positive(value):
    """Returns |value|; fails an assert when it is not positive."""
    assert value > 0, f"expected a positive amount, got {value}"
    return value


def total(lines, prices, rules=()):
    """Sums quantity * price over |lines| after applying every rule."""

    def line_amount(sku, quantity):
        amount = check_positive(prices[sku]) * quantity
        for rule in rules:
            amount = rule.apply(sku, quantity, amount)
        return amount

    return sum(line_amount(sku, qty) for sku, qty in lines)


def is_supported(currency):
    return currency in {"EUR", "USD", "CHF"}


def load_prices(path=None):
    """Reads the sku -> cents table shipped in shop/data/prices.json."""
    with open(path or os.path.join(DATA_DIR, "prices.json"), "rb") as f:
        table = json.load(f)
    return {sku: int(cents) for sku, cents in table["prices"].items()}


by_length = sorted(CURRENCIES, key=lambda c: (len(c), c))
