# Repeated float addition accumulates rounding, exactly as CPython shows it.
t = 0.0
for i in range(10):
    t += 0.1
    print(i, t)
print(t == 1.0, sum([0.1] * 10), 0.1 * 10)
t = 0
for _ in range(3):
    t = t + 0.7
print(t, 0.7 * 3, 2.1)
print(sum([1.5, 2.25, 3]), sum([0.1, 0.2, 0.3]), sum((0.3, 0.2, 0.1)))
