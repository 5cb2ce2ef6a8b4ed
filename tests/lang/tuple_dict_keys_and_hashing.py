# Tuples can be dict keys and set members; lists cannot (unhashable).
grid = {(0, 0): "start", (2, 3): "goal"}
grid[(1, 1)] = "wall"
print(grid[(2, 3)], grid.get((9, 9), "empty"), (0, 0) in grid, sorted(grid))
seen = {(1, 2), (1, 2), (2, 1)}
print(len(seen), sorted(seen))
for bad in ([1, 2], {"a": 1}, {1}, ([1], 2)):
    try:
        {bad: 1}
    except TypeError as e:
        print(type(e).__name__, e)
try:
    set([[1]])
except TypeError as e:
    print(type(e).__name__, e)
