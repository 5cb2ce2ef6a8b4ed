# enumerate and zip: start values, unequal lengths, transposing, building dicts.
colors = ["red", "green", "blue"]
print(list(enumerate(colors)), list(enumerate(colors, 10)), list(enumerate("")))
print(list(zip(colors, [1, 2])), list(zip(range(3), "abc", [True] * 3)))
matrix = [[1, 2, 3], [4, 5, 6]]
print(list(zip(*matrix)), [list(col) for col in zip(*matrix)])
print(dict(zip(colors, range(3))), dict(enumerate("xy")))
e = enumerate(["a", "b"])
print(next(e), next(e), next(e, None))
z = zip([1, 2], [3, 4])
print(next(z), list(z), list(z))
