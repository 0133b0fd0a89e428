"""A module saved with CRLF line endings."""

TEXT = """first line
second line
"""
LINES = TEXT.splitlines()


def joined(sep="|"):
    """Joins LINES with |sep|."""
    return sep.join(LINES)
