# Float comparisons: exact equality pitfalls and tolerance checks.
a = 0.1 + 0.2
print(a == 0.3, a > 0.3, abs(a - 0.3) < 1e-9, round(a, 10) == 0.3)
print(0.5 == 1 / 2, 1 / 3 + 1 / 3 + 1 / 3 == 1.0, 0.1 + 0.7 == 0.8)
print(sorted([0.3, 0.1 + 0.2, 0.30000000000000004, 0.29999999999999993]))
print(max([1e-10, -1e-10, 0.0]), min(0.0, -0.0), max(-0.0, 0.0))
