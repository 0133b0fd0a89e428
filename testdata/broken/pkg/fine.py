def fine():
    return "fine"
