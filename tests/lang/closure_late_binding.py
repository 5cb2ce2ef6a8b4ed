# Closures see the variable, not its value at creation time; a default argument captures the value.
late = [lambda: i for i in range(3)]
print([f() for f in late])
early = [lambda i=i: i for i in range(3)]
print([f() for f in early])
def outer():
    x = 1
    def show():
        return x
    x = 2
    return show
print(outer()())
funcs = []
for n in range(3):
    def f(n=n):
        return n * 10
    funcs.append(f)
print([g() for g in funcs])
