# with calls __enter__, binds its result, and calls __exit__ with (None, None, None) on success.
class Tracer:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return f"resource<{self.name}>"
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type, exc, tb)
        return False
with Tracer("a") as r:
    print("body with", r)
with Tracer("no-as"):
    print("body without as")
print("after")
