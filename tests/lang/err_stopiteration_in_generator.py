# A StopIteration escaping a generator body becomes RuntimeError (PEP 479).
def bad():
    yield 1
    next(iter([]))
    yield 2
g = bad()
print(next(g))
try:
    next(g)
except RuntimeError as e:
    print(type(e).__name__, e, "| cause:", type(e.__cause__).__name__)
print(list(bad()))
