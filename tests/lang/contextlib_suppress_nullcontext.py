# contextlib.suppress, nullcontext, closing: what they return and which exceptions they swallow.
from contextlib import closing, nullcontext, suppress

with suppress(KeyError, IndexError):
    {}["x"]
print("KeyError suppressed")
with suppress(LookupError):
    [][1]
print("IndexError suppressed as a LookupError")
try:
    with suppress(KeyError):
        1 / 0
except ZeroDivisionError as e:
    print("not suppressed:", e)
with suppress():
    pass
s = suppress(ValueError)
print(s.__exit__(None, None, None), s.__exit__(ValueError, ValueError("v"), None))
with nullcontext() as v:
    print("nullcontext gives", v)
with nullcontext(42) as v:
    print("nullcontext gives", v)


class Resource:
    def close(self):
        print("closed")


with closing(Resource()) as r:
    print("using", type(r).__name__)
try:
    with closing(Resource()):
        raise RuntimeError("during use")
except RuntimeError as e:
    print("still closed, then", e)
print(type(suppress()).__name__, type(nullcontext()).__name__)
