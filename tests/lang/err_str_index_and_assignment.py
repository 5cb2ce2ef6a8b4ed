# Strings: index out of range and item assignment are errors.
s = "abc"
for action in ("index", "assign", "delete"):
    try:
        if action == "index":
            s[5]
        elif action == "assign":
            s[0] = "x"
        else:
            del s[0]
    except (IndexError, TypeError) as e:
        print(action, type(e).__name__, e)
try:
    s["1"]
except TypeError as e:
    print(type(e).__name__, e)
print(s[-3], s[2])
