# Dicts keep insertion order; reassigning keeps the place; delete and re-add moves to the end.
d = {}
for k in ["banana", "apple", "cherry"]:
    d[k] = len(k)
print(d)
d["apple"] = 0
print(d)
del d["banana"]
d["banana"] = 6
print(d, list(d), list(d.values()))
d2 = dict(z=1, a=2, m=3)
print(d2, {3: "c", 1: "a", 2: "b"}, {"中": 1, "文": 2})
print({1: "a", 1.0: "b", True: "c"})
