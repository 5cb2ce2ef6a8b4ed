# If __exit__ returns None the exception keeps going; a manager's own error replaces it.
class Log:
    def __enter__(self):
        print("start")
        return self
    def __exit__(self, exc_type, exc, tb):
        print("stop, error:", repr(exc))
class Faulty:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        raise RuntimeError("exit failed")
try:
    with Log():
        raise ValueError("inside")
except ValueError as e:
    print("caught outside:", e)
try:
    with Faulty():
        raise ValueError("original")
except RuntimeError as e:
    print(type(e).__name__, e, "| context:", repr(e.__context__))
with Log():
    print("uncaught next")
    raise KeyError("missing")
