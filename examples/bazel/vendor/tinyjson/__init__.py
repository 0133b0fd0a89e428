"""A vendored JSON encoder, small enough to read."""

from tinyjson.encoder import dumps

__all__ = ["dumps"]
