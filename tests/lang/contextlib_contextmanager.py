# contextmanager: enter and exit around the yield, the body's exception thrown into the generator, suppression and re-raise.
from contextlib import contextmanager


@contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name * 2
    except LookupError as e:
        print("tag handled", type(e).__name__, e)
    finally:
        print(f"</{name}>")


with tag("b") as v:
    print("inside", v)
with tag("i"):
    raise KeyError("k")
print("KeyError was suppressed")
try:
    with tag("p"):
        raise ValueError("not a lookup error")
except ValueError as e:
    print("ValueError went on:", e)


@contextmanager
def no_yield():
    if False:
        yield


@contextmanager
def twice():
    yield 1
    yield 2


@contextmanager
def keeps_going():
    try:
        yield
    except Exception:
        pass
    yield


@contextmanager
def translate():
    try:
        yield
    except ZeroDivisionError as e:
        raise ArithmeticError("translated") from e


for cm, fail in ((no_yield(), False), (twice(), False), (keeps_going(), True)):
    try:
        with cm:
            if fail:
                1 / 0
    except RuntimeError as e:
        print("RuntimeError:", e)
try:
    with translate():
        1 / 0
except ArithmeticError as e:
    print(type(e).__name__, e, "from", type(e.__cause__).__name__)


class Box:
    def __init__(self):
        self.items = []

    @contextmanager
    def adding(self, x):
        self.items.append(x)
        yield self
        self.items.remove(x)


b = Box()
with b.adding(1) as same:
    with b.adding(2):
        print(same is b, b.items)
print(b.items)
print(tag.__name__, tag.__wrapped__.__name__, type(tag("x")).__name__)
cm = tag("z")
with cm:
    pass
try:
    with cm:
        pass
except AttributeError as e:
    print("reuse:", type(e).__name__, e)
try:
    with tag("s"):
        raise StopIteration("body stop")
except StopIteration as e:
    print("StopIteration passes through:", e)
