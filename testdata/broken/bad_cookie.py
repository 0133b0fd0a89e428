# -*- coding: klingon -*-
"""The coding cookie on line 1 names an encoding that does not exist."""
x = 1
