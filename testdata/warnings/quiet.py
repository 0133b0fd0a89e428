QUIET = True
