# Mixing ints and floats: equality, ordering, and result types.
print(1 == 1.0, 0 == -0.0, 2 ** 53 == 2.0 ** 53)
print(1 < 1.5 < 2, 3 > 2.999, -1 < -0.5)
print(1 + 2.0, 3 * 1.0, 7 - 7.0, type(1 + 2.0).__name__)
print(True + True, True * 10, False - 1)
print(max(1, 2.0), min(1.0, 1), max(2, 2.0), min(3, 2.5))
print(sorted([3, 1.5, 2, 0.5, -1]))
