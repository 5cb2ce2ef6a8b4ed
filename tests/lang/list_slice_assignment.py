# Assigning to and deleting slices, including extended slices.
xs = [0, 1, 2, 3, 4, 5]
xs[1:3] = ["a", "b", "c"]
print(xs)
xs[:0] = [-2, -1]
print(xs)
xs[len(xs):] = [9]
print(xs)
xs[2:5] = []
print(xs)
ys = list(range(8))
ys[::2] = "wxyz"
print(ys)
del ys[::3]
print(ys)
ys[1:2] = range(3)
print(ys)
try:
    ys[::2] = [1, 2]
except ValueError as e:
    print(type(e).__name__, e)
zs = [1, 2, 3]
zs[:] = [7]
print(zs)
