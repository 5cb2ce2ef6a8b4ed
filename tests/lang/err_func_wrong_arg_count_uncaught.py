# An uncaught TypeError from a call with too many arguments.
def square(x):
    return x * x
print(square(3))
print(square(3, 4))
