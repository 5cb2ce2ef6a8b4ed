# nonlocal reaches the nearest enclosing function scope; three levels deep.
def level1():
    x = "L1"
    def level2():
        x = "L2"
        def level3():
            nonlocal x
            x = "L3 changed L2"
        level3()
        return x
    inner = level2()
    return x, inner
print(level1())
def tally():
    n = 0
    def bump():
        nonlocal n
        n += 1
    for _ in range(5):
        bump()
    return n
print(tally())
