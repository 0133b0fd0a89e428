"""A module that compiles."""

OK = True
