# An exception raised in finally replaces the one in flight, which becomes its __context__.
def f():
    try:
        raise ValueError("original")
    finally:
        raise RuntimeError("from finally")
try:
    f()
except Exception as e:
    print(type(e).__name__, e, "| context:", repr(e.__context__))
def g():
    try:
        return "try value"
    finally:
        print("finally runs, then the return goes on")
print(g())
f()
