OK = 1
