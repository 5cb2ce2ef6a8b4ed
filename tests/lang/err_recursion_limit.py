# Unbounded recursion ends in an uncaught RecursionError.
def countdown(n):
    return countdown(n - 1)
print("recursing")
countdown(10)
