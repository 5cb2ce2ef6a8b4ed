# A missing colon after an if condition.
print("this line never runs: syntax errors stop the whole file")
x = 3
if x > 2
    print("big")
