class:
