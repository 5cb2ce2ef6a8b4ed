# Integer arithmetic: + - * / // % ** and operator precedence.
a, b = 17, 5
print(a + b, a - b, a * b)
print(a / b, a // b, a % b, a ** 2)
print(2 + 3 * 4, (2 + 3) * 4, 2 ** 3 ** 2, -2 ** 2, (-2) ** 2)
print(10 / 2, type(10 / 2).__name__, 10 // 2, type(10 // 2).__name__)
print(7 / 7, 1 / 4, 1 / 3)
x = 10
x += 5; print(x)
x -= 3; print(x)
x *= 2; print(x)
x //= 5; print(x)
x %= 3; print(x)
x **= 10; print(x)
x /= 4; print(x)
print(-7 + 0, +7, -(-7), --7)
