"""Line 3 holds a byte that is not valid UTF-8 inside a string."""
x = 1
s = "café au lait"
