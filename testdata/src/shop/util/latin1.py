# -*- coding: latin-1 -*-
"""A module saved in ISO-8859-1, declared by its coding cookie."""

GREETING = "Grüße aus Köln, café à la crème ± 5°"
CODEPOINTS = [ord(c) for c in GREETING if ord(c) > 127]
