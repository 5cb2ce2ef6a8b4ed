# Dict comprehensions, inverting a dict, and building from zip.
squares = {n: n * n for n in range(5)}
print(squares)
inverted = {v: k for k, v in squares.items()}
print(inverted)
words = ["apple", "banana", "cherry"]
print({w: len(w) for w in words if "a" in w})
print(dict(zip(words, range(3))), {k: v for k, v in zip("abc", [1, 2, 3])})
print({x % 3: x for x in range(10)})
print({"任务" + str(i): i * 0.5 for i in range(3)})
