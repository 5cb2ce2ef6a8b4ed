# Several managers in one with: entered left to right, exited right to left.
class CM:
    def __init__(self, name, fail_enter=False):
        self.name = name
        self.fail_enter = fail_enter
    def __enter__(self):
        if self.fail_enter:
            raise RuntimeError(f"cannot enter {self.name}")
        print("enter", self.name)
        return self.name
    def __exit__(self, *exc):
        print("exit", self.name, exc[0].__name__ if exc[0] else None)
with CM("A") as a, CM("B") as b, CM("C") as c:
    print("body", a, b, c)
try:
    with CM("outer"), CM("broken", fail_enter=True):
        print("never")
except RuntimeError as e:
    print(type(e).__name__, e)
with CM("x") as x:
    with CM("y") as y:
        print("nested", x, y)
