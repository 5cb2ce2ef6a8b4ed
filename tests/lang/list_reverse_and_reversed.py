# reverse() in place versus reversed() as an iterator.
xs = [1, 2, 3, 4]
r = xs.reverse()
print(xs, r)
print(list(reversed(xs)), xs, list(reversed("abc")), list(reversed(range(4))), list(reversed((1, 2))))
it = reversed([1, 2])
print(next(it), next(it), next(it, "done"))
for ch in reversed("春夏秋冬"):
    print(ch, end=" ")
print()
try:
    reversed({1, 2})
except TypeError as e:
    print(type(e).__name__, e)
