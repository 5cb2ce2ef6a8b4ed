# Swapping with tuple assignment; nested targets; unpacking in for loops.
a, b = 1, 2
a, b = b, a
print(a, b)
x, y, z = "xyz"
print(x, y, z)
(p, (q, r)), s = (1, (2, 3)), 4
print(p, q, r, s)
for name, (lo, hi) in [("a", (0, 5)), ("b", (5, 9))]:
    print(name, lo, hi, hi - lo)
for i, (k, v) in enumerate({"one": 1, "two": 2}.items()):
    print(i, k, v)
fib = [0, 1]
m, n = 0, 1
for _ in range(8):
    m, n = n, m + n
    fib.append(n)
print(fib)
i = 0
xs = [0, 0]
i, xs[i] = 1, 5
print(i, xs)
