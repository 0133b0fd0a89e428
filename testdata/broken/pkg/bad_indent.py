"""Line 5 is indented deeper than the block it is in."""

def f():
    x = 1
        y = 2
    return x + y
