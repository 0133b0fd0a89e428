"""Compiles, with a SyntaxWarning on line 5."""

x = 1

if x is 1:
    print("one")
