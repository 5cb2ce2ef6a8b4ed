# Arithmetic dunders: __add__, __mul__, __rmul__, __neg__; NotImplemented for other types.
class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, other):
        if not isinstance(other, Vec):
            return NotImplemented
        return Vec(self.x + other.x, self.y + other.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __repr__(self):
        return f"Vec({self.x}, {self.y})"
a, b = Vec(1, 2), Vec(3, 4)
print(a + b, a * 3, 2 * a, -a, a + b * 2)
try:
    a + 1
except TypeError as e:
    print(type(e).__name__, e)
a += b
print(a)
