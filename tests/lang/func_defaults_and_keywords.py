# Default values and keyword arguments.
def greet(name, greeting="Hello", punct="!"):
    return f"{greeting}, {name}{punct}"
print(greet("Ann"))
print(greet("Bob", "Hi"))
print(greet("Cy", punct="?"))
print(greet(punct=".", name="Di", greeting="Yo"))
print(greet("小红", greeting="你好", punct="！"))
def show(a, b=2, *args, c=3, **kw):
    print(a, b, args, c, kw)
show(1)
show(1, 5, 6, 7, c=8, d=9)
print(greet.__defaults__, show.__kwdefaults__)
