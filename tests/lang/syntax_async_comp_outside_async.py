# An async comprehension in a plain def is a SyntaxError, found before anything runs.
print("not printed")


def f(aiter):
    return [x async for x in aiter]
