# range: arguments, negative steps, reprs, len, indexing, slicing, membership.
print(list(range(5)), list(range(2, 10, 3)), list(range(10, 0, -2)), list(range(0)), list(range(5, 1)))
print(range(5), range(1, 5), range(0, 10, 2), range(10, 0, -1), repr(range(3)))
r = range(0, 20, 3)
print(len(r), r[2], r[-1], r[1:3], r[::-1], 9 in r, 10 in r, r.index(9), r.count(6))
print(range(3) == range(0, 3), sum(range(1, 11)), max(range(7)), list(reversed(range(3))))
for i in range(3, -1, -1):
    print(i, end=" ")
print()
try:
    range(1, 5, 0)
except ValueError as e:
    print(type(e).__name__, e)
try:
    range(1.5)
except TypeError as e:
    print(type(e).__name__, e)
