# repr of nested lists, including a list that contains itself.
xs = [1, "two", 3.0, None, True, [4, [5, "六"]], (7,), {"k": [8]}]
print(xs)
print(repr(xs) == str(xs), len(xs))
ys = [1, 2]
ys.append(ys)
print(ys, len(ys), ys[2] is ys)
d = {"self": None}
d["self"] = d
print(d)
print([[], [[]], [[], []]])
