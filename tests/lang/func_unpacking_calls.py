# Calling with * and ** unpacking, several at once.
def f(a, b, c, d=0):
    return f"a={a} b={b} c={c} d={d}"
args = [1, 2, 3]
print(f(*args))
print(f(*[1, 2], *[3], d=4))
print(f(**{"a": 1, "b": 2, "c": 3}))
print(f(1, *(2,), **{"c": 3}, **{"d": 9}))
print(f(*"xyz"), f(*range(3)))
print(*[1, 2, 3], sep=" | ")
try:
    f(**{"a": 1, "b": 2, "c": 3}, **{"a": 5})
except TypeError as e:
    print(type(e).__name__, e)
try:
    f(*[1, 2, 3, 4, 5])
except TypeError as e:
    print(type(e).__name__, e)
