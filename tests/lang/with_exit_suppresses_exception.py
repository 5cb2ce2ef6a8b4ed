# __exit__ sees the exception; returning True suppresses it, a false value lets it propagate.
class Suppress:
    def __init__(self, *types):
        self.types = types
    def __enter__(self):
        return self
    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            print("exit: no exception")
            return False
        print("exit saw", exc_type.__name__, exc, "traceback?", tb is not None)
        return issubclass(exc_type, self.types)
with Suppress(ZeroDivisionError):
    print("dividing")
    1 / 0
    print("not reached")
print("suppressed, continuing")
try:
    with Suppress(ZeroDivisionError):
        {}["k"]
except KeyError as e:
    print("propagated", repr(e))
with Suppress(Exception):
    pass
