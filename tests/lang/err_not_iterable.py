# Iterating or unpacking something that is not iterable.
for bad in (5, None, 3.5):
    try:
        for x in bad:
            pass
    except TypeError as e:
        print(type(e).__name__, e)
try:
    a, b = 7
except TypeError as e:
    print(type(e).__name__, e)
try:
    [*None]
except TypeError as e:
    print(type(e).__name__, e)
try:
    sum(5)
except TypeError as e:
    print(type(e).__name__, e)
for x in 42:
    print(x)
