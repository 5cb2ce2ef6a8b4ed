# An if statement without an indented body.
def check(x):
    if x:
    return x
