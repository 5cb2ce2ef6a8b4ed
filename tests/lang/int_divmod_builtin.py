# divmod() for ints and floats, and its errors.
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(0, 3))
print(divmod(5.5, 2), divmod(1, 0.3))
q, r = divmod(125, 60)
print(f"{q} min {r} s")
for args in ((1, 0), (1.0, 0.0)):
    try:
        divmod(*args)
    except ZeroDivisionError as e:
        print(type(e).__name__, e)
try:
    divmod("a", 2)
except TypeError as e:
    print(type(e).__name__, e)
