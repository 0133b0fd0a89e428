"""The function header on line 7 is malformed."""


def ok():
    return 1

def broken(:
    pass
