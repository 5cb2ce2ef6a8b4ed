# Returning several values returns a tuple; bare return gives None.
def min_max(xs):
    return min(xs), max(xs)
lo, hi = min_max([4, 1, 7])
print(lo, hi, min_max([2]))
def early(x):
    if x < 0:
        return
    return x * 2
print(early(-1), early(3))
def stats(xs):
    n = len(xs)
    mean = sum(xs) / n
    return n, mean, [x - mean for x in xs]
print(stats([1, 2, 3, 6]))
