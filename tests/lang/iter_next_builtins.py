# iter() and next() on built-in containers; next() with a default; not-iterable errors.
it = iter([1, 2])
print(next(it), next(it), next(it, "end"))
d = iter({"a": 1, "b": 2})
print(next(d), next(d))
s = iter("hi")
print(next(s), list(s), list(s))
try:
    next(iter([]))
except StopIteration as e:
    print("StopIteration", repr(e), str(e) == "")
for bad in (5, None, 1.5):
    try:
        iter(bad)
    except TypeError as e:
        print(type(e).__name__, e)
try:
    next([1, 2])
except TypeError as e:
    print(type(e).__name__, e)
it = iter(range(3))
print(iter(it) is it, list(it))
