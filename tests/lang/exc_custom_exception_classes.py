# Custom exception classes: hierarchy, extra attributes, catching by base class.
class AppError(Exception):
    pass
class NetworkError(AppError):
    def __init__(self, host, code):
        super().__init__(f"{host} failed with {code}")
        self.host = host
        self.code = code
class ParseError(AppError):
    pass
for exc in (NetworkError("example.org", 503), ParseError("bad token", 7), AppError()):
    try:
        raise exc
    except NetworkError as e:
        print("network:", e, e.host, e.code, e.args)
    except AppError as e:
        print(type(e).__name__, "|", e, "|", repr(e), "|", e.args)
print(issubclass(NetworkError, Exception), NetworkError.__mro__[1].__name__)
