# Raising and catching the built-in errors lessons use, with their messages.
for cls, msg in [(NotImplementedError, "subclass must implement"), (RuntimeError, "loop is closed"),
                 (TimeoutError, "took too long"), (MemoryError, "out of memory"),
                 (StopAsyncIteration, "end"), (AttributeError, "no such thing")]:
    try:
        raise cls(msg)
    except Exception as e:
        print(type(e).__name__, e, isinstance(e, RuntimeError))
class Base:
    def run(self):
        raise NotImplementedError
try:
    Base().run()
except NotImplementedError as e:
    print(type(e).__name__, repr(e), str(e) == "")
