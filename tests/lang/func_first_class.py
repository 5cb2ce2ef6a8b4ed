# Functions are values: pass them, store them, return them; __name__.
def double(x):
    return x * 2
def square(x):
    return x * x
def apply_all(funcs, value):
    return [f(value) for f in funcs]
ops = {"double": double, "square": square, "neg": lambda x: -x}
print(apply_all(ops.values(), 5))
for name, fn in ops.items():
    print(name, fn.__name__, fn(3))
def compose(f, g):
    def h(x):
        return f(g(x))
    return h
inc_then_double = compose(double, lambda x: x + 1)
print(inc_then_double(4), inc_then_double.__name__, callable(double), callable(5))
print(sorted(["b", "A", "c"], key=str.lower), list(map(double, [1, 2])))
