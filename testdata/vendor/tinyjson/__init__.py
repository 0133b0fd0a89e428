"""tinyjson: a very small JSON encoder and decoder (third-party style)."""

from tinyjson.decoder import loads
from tinyjson.encoder import dumps

__all__ = ["dumps", "loads"]
__version__ = "0.3.1"
