"""String helpers."""

import re

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text):
    """Lower-case |text| with runs of other characters replaced by '-'."""
    return _NON_WORD.sub("-", text.lower()).strip("-")


def format_cents(cents, currency="EUR"):
    """Formats an amount in cents: format_cents(1234) == '12.34 EUR'."""
    assert isinstance(cents, int), "cents must be an int"
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole}.{frac:02d} {currency}"


async def fetch_label(sku):
    """A coroutine, so that async code objects are covered too."""
    return f"label:{sku}"
