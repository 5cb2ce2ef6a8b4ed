# random.seed(n) gives CPython's Mersenne Twister numbers: random, randint, choice, shuffle, uniform, randrange, sample, choices.
import random

for seed in (0, 1, 42, 2**32 + 5, -7, 123456789012345):
    random.seed(seed)
    print(seed, random.random(), random.randint(1, 6), random.getrandbits(40))
random.seed(2024)
print([random.randint(0, 100) for _ in range(10)])
print([random.choice("abcdef") for _ in range(8)])
deck = list(range(12))
random.shuffle(deck)
print(deck)
print(random.uniform(1.5, 2.5), random.uniform(10, -10))
print(random.randrange(10), random.randrange(5, 50, 5), random.randrange(100, 0, -7))
print(random.sample(range(100), 5), random.sample("hello world", 3))
print(random.sample(range(1000), 8))
print(random.choices("xyz", k=6))
print(random.choices(["a", "b", "c"], weights=[1, 0, 5], k=8))
print(random.choices(range(4), cum_weights=[0.1, 0.2, 0.9, 1.0], k=5))
random.seed(3.5)
print(random.random())
random.seed(10)
a = [random.random() for _ in range(3)]
random.seed(10)
print(a == [random.random() for _ in range(3)])
for bad in [lambda: random.choice([]), lambda: random.randrange(0),
            lambda: random.randint(5, 1), lambda: random.sample([1, 2], 3),
            lambda: random.choices("ab", [1, 2], [1, 2]),
            lambda: random.choices("ab", weights=[0, 0]),
            lambda: random.choices("ab", weights=[1])]:
    try:
        bad()
    except (IndexError, ValueError, TypeError) as e:
        print(type(e).__name__, e)
