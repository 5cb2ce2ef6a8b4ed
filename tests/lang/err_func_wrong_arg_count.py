# TypeError messages for bad calls, caught one by one.
def f(x):
    return x
def g(a, b):
    return a + b
def h(a, b=1, *, c):
    return a
zero = lambda: 0
class A:
    def m(self, x):
        return x
calls = [
    ("f(1, 2)", lambda: f(1, 2)),
    ("f()", lambda: f()),
    ("f(1, y=2)", lambda: f(1, y=2)),
    ("f(1, x=1)", lambda: f(1, x=1)),
    ("g()", lambda: g()),
    ("g(1)", lambda: g(1)),
    ("g(1, 2, 3, 4)", lambda: g(1, 2, 3, 4)),
    ("h(1)", lambda: h(1)),
    ("h(1, 2, 3)", lambda: h(1, 2, 3)),
    ("A().m()", lambda: A().m()),
    ("A().m(1, 2)", lambda: A().m(1, 2)),
    ("zero(1)", lambda: zero(1)),
    ("len()", lambda: len()),
    ("len(1, 2)", lambda: len(1, 2)),
]
for text, call in calls:
    try:
        call()
    except TypeError as e:
        print(f"{text:15} {e}")
