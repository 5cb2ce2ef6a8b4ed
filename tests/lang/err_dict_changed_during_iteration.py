# Changing a dict's size while iterating over it is a RuntimeError; iterate a copy instead.
d = {"a": 1, "b": 2, "c": 3}
try:
    for k in d:
        if d[k] == 2:
            del d[k]
except RuntimeError as e:
    print(type(e).__name__, e)
print(d)
for k in list(d):
    if d[k] == 3:
        del d[k]
print(d)
s = {1, 2, 3}
try:
    for x in s:
        s.add(x + 10)
except RuntimeError as e:
    print(type(e).__name__, e)
