# An infinite generator is fine when the consumer stops.
def naturals():
    n = 0
    while True:
        yield n
        n += 1
for n in naturals():
    if n * n > 50:
        break
print("first n with n*n > 50:", n)
def take(k, it):
    return [x for _, x in zip(range(k), it)]
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
print(take(12, fib()), take(3, naturals()))
