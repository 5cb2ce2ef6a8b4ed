# __repr__ and __str__: print uses str, containers and !r use repr; str falls back to repr.
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"Point({self.x!r}, {self.y!r})"
class Temp:
    def __init__(self, c):
        self.c = c
    def __str__(self):
        return f"{self.c}°C"
    def __repr__(self):
        return f"Temp({self.c})"
p = Point(1, 2.5)
t = Temp(21.5)
print(p, str(p), repr(p), [p], {"p": p}, f"{p}", f"{p!r}")
print(t, repr(t), [t], f"{t}", f"{t!r}", "%s %r" % (t, t), "{} {!r}".format(t, t))
print(str([t]), (t,), Point("a", None))
