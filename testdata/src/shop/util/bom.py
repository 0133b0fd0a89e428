"""A module that starts with a UTF-8 byte order mark."""

NAME = "bom ✓ été"
