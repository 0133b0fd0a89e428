"""dumps(): compact JSON with sorted keys."""


def dumps(value):
    """The JSON text of |value| (dict, list, str, int, bool, None)."""
    if isinstance(value, dict):
        items = sorted(value.items())
        return "{" + ",".join(dumps(k) + ":" + dumps(v) for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)
