"""Decodes JSON text by delegating to the standard library."""

import json


class DecodeError(ValueError):
    """Raised for text that is not JSON."""


def loads(text):
    """Returns the value of JSON |text|."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise DecodeError(f"line {e.lineno}: {e.msg}") from None
