# `is` tests identity, `==` equality; `in` works on lists, tuples, strings, dicts, sets and ranges.
a = [1, 2]
b = [1, 2]
c = a
print(a == b, a is b, a is c, a is not b, None is None, (a is None), not (a is None))
x = None
if x is None:
    print("x is None")
print(3 in [1, 2, 3], 3 in (1, 2), "b" in "abc", "k" in {"k": 1}, 1 in {"k": 1}, 2 in {1, 2}, 5 in range(10), 10 in range(10))
print(4 not in [1, 2], "z" not in "abc", [1] in [[1]], (1, 2) in [(1, 2)])
try:
    print(1 in 5)
except TypeError as e:
    print(type(e).__name__, e)
