# List slicing with negative indices, steps and reversal; slices copy.
xs = list(range(10))
print(xs[2:5], xs[:3], xs[7:], xs[-3:], xs[:-3], xs[-4:-1])
print(xs[::2], xs[1::3], xs[::-1], xs[::-3], xs[8:2:-2], xs[-1:-4:-1], xs[2:8:-1])
print(xs[100:], xs[-100:2], xs[5:100], xs[3:3])
copy = xs[:]
copy[0] = 99
print(xs[0], copy[0], copy is xs, copy == xs)
print([[1, 2], [3, 4]][1][::-1], "abc"[::-1], (1, 2, 3)[::-1])
try:
    xs[::0]
except ValueError as e:
    print(type(e).__name__, e)
