# abs, min, max (with key and default), and sum (with start).
print(abs(-3), abs(3), abs(-2.5), abs(-0.0), abs(True))
print(min(3, 1, 2), max(3, 1, 2), min([4, 8, 2]), max("apple", "fig", "kiwi"))
words = ["pear", "fig", "banana", "kiwi"]
print(min(words, key=len), max(words, key=len), max(words, key=lambda w: w[-1]))
print(min([], default="empty"), max([], default=None), min([5], default=0))
print(max([3, 7, 7, 1], key=lambda x: -x), max([(1, "b"), (1, "a"), (0, "z")]))
print(sum([1, 2, 3]), sum([1, 2, 3], 10), sum(range(101)), sum([]), sum([0.5, 0.25]))
print(sum([[1], [2, 3]], []), sum(x * x for x in range(4)))
print(min(2, 2.0), max(2.0, 2), min("b", "a", key=str.upper))
