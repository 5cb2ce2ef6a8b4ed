# *args collects extra positionals in a tuple, **kwargs extra keywords in a dict (in call order).
def report(*args, **kwargs):
    print("args:", args, "kwargs:", kwargs)
report()
report(1, "two", [3])
report(z=1, a=2, m=3)
report(1, 2, sep="-", end="!")
def total(first, *rest):
    return first + sum(rest)
print(total(1), total(1, 2, 3))
def wrapper(*args, **kwargs):
    print("forwarding", args, kwargs)
    return report(*args, **kwargs)
wrapper(9, key="v")
