# Tuple unpacking with a starred target, and the unpacking errors.
first, *rest = [1, 2, 3, 4]
*init, last = "abcd"
a, *mid, z = range(5)
x, *empty = [9]
print(first, rest, init, last, a, mid, z, x, empty)
(p, q), r = (1, 2), 3
print(p, q, r)
for bad in ([1, 2, 3], [1]):
    try:
        u, v = bad
    except ValueError as e:
        print(type(e).__name__, e)
try:
    i, j, k = (1, 2)
except ValueError as e:
    print(type(e).__name__, e)
try:
    m, n = 5
except TypeError as e:
    print(type(e).__name__, e)
try:
    h, *t = []
except ValueError as e:
    print(type(e).__name__, e)
print([*range(3), *"ab"], (*[1, 2], 3), {**{"a": 1}, "b": 2})
