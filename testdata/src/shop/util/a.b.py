"""A module whose file name contains a dot.

It cannot be imported by name; importlib.util.spec_from_file_location loads
it. Its cached bytecode is named a.b.cpython-XY.pyc (name base = everything
before the last dot).
"""

VALUE = "dotted file name"
