# Tuples: literals, one-element tuples, indexing, slicing, methods and comparisons.
t = (1, "two", 3.0)
single = (5,)
not_tuple = (5)
empty = ()
print(t, single, not_tuple, empty, type(single).__name__, type(not_tuple).__name__)
print(t[0], t[-1], t[1:], t[::-1], len(t), t + (4,), single * 3)
print((1, 2, 2, 3).count(2), (1, 2, 3).index(3), 2 in t, "two" in t)
print(tuple([1, 2]), tuple("ab"), tuple(), tuple(range(3)))
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 99), (1, "a") == (1, "a"))
x = 1, 2, 3
print(x, type(x).__name__, (((1,),),))
try:
    (1, 2).index(9)
except ValueError as e:
    print(type(e).__name__, e)
