# min() of an empty sequence is a ValueError; caught once, then uncaught.
try:
    min([])
except ValueError as e:
    print(type(e).__name__, e)
try:
    max(x for x in [])
except ValueError as e:
    print(type(e).__name__, e)
try:
    sum(["a", "b"])
except TypeError as e:
    print(type(e).__name__, e)
print("now max() of nothing, uncaught")
max([])
