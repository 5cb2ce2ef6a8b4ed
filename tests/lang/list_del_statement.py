# del on list items, slices, dict keys and names.
xs = ["a", "b", "c", "d", "e"]
del xs[0]
del xs[-1]
print(xs)
del xs[0:2]
print(xs)
d = {"x": 1, "y": 2}
del d["x"]
print(d)
a, b = 1, 2
del a, b
try:
    print(a)
except NameError as e:
    print(type(e).__name__, e)
try:
    del xs[5]
except IndexError as e:
    print(type(e).__name__, e)
try:
    del d["nope"]
except KeyError as e:
    print(type(e).__name__, e)
