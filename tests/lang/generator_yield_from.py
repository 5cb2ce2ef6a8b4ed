# yield from delegates to a sub-generator and returns its return value.
def inner():
    x = yield "inner 1"
    print("inner got", x)
    yield "inner 2"
    return "inner done"
def outer():
    result = yield from inner()
    print("outer got", result)
    yield from [10, 20]
    yield from "ab"
    return "outer done"
g = outer()
print(next(g))
print(g.send("hello"))
print(next(g), next(g), next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("stopped with", e.value)
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], (3,), range(4, 6))))
