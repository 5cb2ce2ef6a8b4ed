# Two expressions side by side, a missing comma.
names = ["a" "b" c]
print(1 2)
