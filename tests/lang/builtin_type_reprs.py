# type() of built-in and user values, and class reprs.
class Dog:
    pass
def f():
    pass
def g():
    yield
values = [1, 1.5, "s", True, None, [1], (1,), {"a": 1}, {1}, range(2), Dog(), f, g(), lambda: 0, type, Dog, len]
for v in values:
    print(type(v))
print(type(1).__name__, type(Dog()).__name__, Dog.__name__, Dog, int, str, type(None).__name__)
print(type(1) is int, type(True) is int, type(True) == bool, type("") in (str, bytes))
print(type(ValueError("x")), ValueError, Exception, BaseException)
