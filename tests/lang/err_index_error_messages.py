# IndexError messages for lists, tuples, strings and ranges.
tests = [
    ("[1][1]", lambda: [1][1]),
    ("(1,)[5]", lambda: (1,)[5]),
    ("'ab'[2]", lambda: "ab"[2]),
    ("range(3)[3]", lambda: range(3)[3]),
    ("[].pop()", lambda: [].pop()),
    ("[1].insert; x[9] = 0", lambda: [1].__setitem__(9, 0)),
]
for text, fn in tests:
    try:
        fn()
    except IndexError as e:
        print(f"{text:25} {type(e).__name__}: {e}")
xs = [1, 2, 3]
try:
    xs[3] = 4
except IndexError as e:
    print(type(e).__name__, e)
print(xs[-1], xs[1:10])
