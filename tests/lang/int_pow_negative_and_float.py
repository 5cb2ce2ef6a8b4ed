# ** with negative bases, negative exponents and float exponents; pow() with a modulus.
print(2 ** 10, 2 ** 0, 0 ** 0, (-2) ** 3, (-2) ** 4)
print(2 ** -1, 2 ** -2, 10 ** -3, (-2) ** -1)
print(4 ** 0.5, 2 ** 0.5, 8 ** (1 / 3))
print(pow(2, 10), pow(3, 4, 5), pow(2, -1.0), pow(-3, 3))
print(1.5 ** 2, 10.0 ** 15, 10.0 ** 16, 2.0 ** -3)
print(type(2 ** 3).__name__, type(2 ** -3).__name__, type(2.0 ** 3).__name__)
try:
    print(0 ** -1)
except ZeroDivisionError as e:
    print(type(e).__name__, e)
