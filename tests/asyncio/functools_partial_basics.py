# functools.partial: frozen arguments, keywords a call can override, flattening, its attributes and repr; reduce and wraps.
import functools

to_int = functools.partial(int, base=2)
print(to_int("1011"), to_int("17", base=10))
print(repr(to_int))
bigger = functools.partial(max, 10)
print(bigger(3, 4), bigger(30), repr(bigger))
nested = functools.partial(functools.partial(pow, 2), 5)
print(nested(), nested.func, nested.args, nested.keywords)
clamp = functools.partial(sorted, key=abs, reverse=True)
print(clamp([-5, 2, -1]), clamp.keywords)
print(repr(functools.partial(print, "a", sep="-")))

def greet(greeting, name, punct="!"):
    return f"{greeting}, {name}{punct}"

hello = functools.partial(greet, "Hello")
print(hello("Ann"), hello("Bo", punct="?"), hello.func is greet, hello.args)
print(functools.reduce(lambda acc, x: acc * x, [1, 2, 3, 4, 5]))
print(functools.reduce(lambda acc, x: acc + x, [], 100))
try:
    functools.reduce(max, [])
except TypeError as e:
    print("TypeError:", e)

def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        print("calling", fn.__name__)
        return fn(*args, **kwargs)
    return wrapper

@logged
def add(a, b):
    """Add two numbers."""
    return a + b

print(add(2, 3), add.__name__, add.__doc__, add.__wrapped__.__name__)
try:
    functools.partial(42)
except TypeError as e:
    print("TypeError:", e)
