# [[0] * 3] * 3 repeats one inner list three times; a comprehension makes three.
grid = [[0] * 3] * 3
grid[0][0] = 1
print(grid)
grid2 = [[0] * 3 for _ in range(3)]
grid2[0][0] = 1
print(grid2)
print(grid[0] is grid[1], grid2[0] is grid2[1])
