# __eq__ and __lt__: == / != use __eq__, sorted() uses __lt__; missing ordering is a TypeError.
class Version:
    def __init__(self, major, minor):
        self.major, self.minor = major, minor
    def __eq__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return (self.major, self.minor) == (other.major, other.minor)
    def __lt__(self, other):
        return (self.major, self.minor) < (other.major, other.minor)
    def __repr__(self):
        return f"v{self.major}.{self.minor}"
vs = [Version(1, 2), Version(0, 9), Version(1, 0), Version(0, 9)]
print(sorted(vs), min(vs), max(vs))
print(Version(1, 0) == Version(1, 0), Version(1, 0) != Version(1, 1), Version(1, 0) == "1.0", Version(2, 0) > Version(1, 5))
print(Version(1, 0) in vs, vs.count(Version(0, 9)), vs.index(Version(1, 0)))
class Plain:
    pass
a, b = Plain(), Plain()
print(a == a, a == b, a != b)
try:
    a < b
except TypeError as e:
    print(type(e).__name__, e)
try:
    Version(1, 0) <= Version(2, 0)
except TypeError as e:
    print(type(e).__name__, e)
