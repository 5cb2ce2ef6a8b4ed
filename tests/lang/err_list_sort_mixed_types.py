# Sorting values that cannot be compared raises TypeError naming both types.
for data in ([1, "a"], ["b", 2], [None, 1], [1.5, [1]], [{"a": 1}, {"b": 2}]):
    try:
        data.sort()
    except TypeError as e:
        print(type(e).__name__, e)
try:
    print(1 < "x")
except TypeError as e:
    print(type(e).__name__, e)
try:
    print([1, 2] > (1, 2))
except TypeError as e:
    print(type(e).__name__, e)
print([1, 2] == (1, 2), 1 == "1", None == 0)
