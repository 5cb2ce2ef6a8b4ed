# Sets of ints: union, intersection, difference, symmetric difference; add/discard/remove.
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b), a.intersection(b), a.difference(b), a.symmetric_difference([5, 6]))
a.add(10)
a.add(1)
a.discard(99)
a.discard(2)
print(a, len(a), 3 in a, 2 in a)
try:
    a.remove(99)
except KeyError as e:
    print(type(e).__name__, e)
s = {5, 1, 3}
s.update([7, 1], {9})
print(s, s.pop() in {1, 3, 5, 7, 9})
print({3, 1, 2}, {100, 5, 33}, set(), {0, 1, 2})
