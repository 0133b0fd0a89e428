"""Encodes None, bools, numbers, strings, lists and dicts."""

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _string(s):
    return '"' + "".join(_ESCAPES.get(c, c) for c in s) + '"'


def dumps(value):
    """Returns the JSON text of |value|; keys are sorted."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    if isinstance(value, dict):
        items = sorted(value.items())
        return "{" + ",".join(_string(k) + ":" + dumps(v) for k, v in items) + "}"
    raise TypeError(f"cannot encode {type(value).__name__}")
