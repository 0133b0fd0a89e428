"""Shopping carts."""

from shop.cart.pricing import PriceRule, total


class Cart:
    """An ordered list of (sku, quantity) lines."""

    def __init__(self):
        self.lines = []

    def add(self, sku, quantity=1):
        """Adds |quantity| items of |sku| and returns the cart."""
        assert quantity > 0, "quantity must be positive"
        self.lines.append((sku, quantity))
        return self

    def total(self, prices, rules=()):
        """The price of every line, after |rules|, in cents."""
        return total(self.lines, prices, [PriceRule(*r) for r in rules])
