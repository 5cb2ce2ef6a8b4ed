# await inside a comprehension of a plain def: asynchronous comprehension outside of an asynchronous function.
def f(xs):
    return {x: await x for x in xs}
