# A bad conversion character in an f-string.
x = 1
print(f"{x!z}")
