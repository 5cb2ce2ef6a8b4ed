# lambda: keys, immediate calls, defaults, map/filter.
add = lambda a, b=10: a + b
print(add(1), add(1, 2), (lambda: "called")(), (lambda *a, **k: (a, k))(1, x=2))
pairs = [(1, "one"), (3, "three"), (2, "two")]
print(sorted(pairs, key=lambda p: p[1]))
print(list(map(lambda x: x ** 2, range(5))), list(filter(lambda s: s.startswith("t"), ["two", "one", "three"])))
print(list(map(lambda a, b: a * b, [1, 2, 3], [4, 5, 6])), add.__name__)
print(list(filter(None, [0, 1, "", "a", None, [], [0]])))
