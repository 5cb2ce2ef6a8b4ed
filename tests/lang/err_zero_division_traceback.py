# An uncaught ZeroDivisionError two calls deep: traceback on stderr, exit status 1.
def average(values):
    return sum(values) / len(values)


def report(name, values):
    print(name, "average:", average(values))


report("week 1", [3, 4, 5])
report("week 2", [])
print("never printed")
