# List comprehensions: filters, nesting, conditional expressions, scoping.
squares = [x * x for x in range(6)]
evens = [x for x in range(10) if x % 2 == 0]
labels = ["even" if x % 2 == 0 else "odd" for x in range(4)]
pairs = [(x, y) for x in range(3) for y in range(x)]
matrix = [[r * 3 + c for c in range(3)] for r in range(3)]
flat = [v for row in matrix for v in row if v % 2]
print(squares, evens, labels, pairs, matrix, flat, sep="\n")
x = "outer"
_ = [x for x in range(3)]
print(x)
print([w.upper() for w in "a b c".split()], [len(w) for w in ["异步", "io"]])
print([i for i in []], [[0] * 2 for _ in range(2)])
