# Truthiness of objects: __bool__ first, then __len__, otherwise always true.
class Always:
    pass
class Empty:
    def __len__(self):
        return 0
class Flag:
    def __init__(self, on):
        self.on = on
    def __bool__(self):
        return self.on
for obj in (Always(), Empty(), Flag(True), Flag(False)):
    print(type(obj).__name__, bool(obj), "truthy" if obj else "falsy", not obj)
class BadBool:
    def __bool__(self):
        return 1
try:
    bool(BadBool())
except TypeError as e:
    print(type(e).__name__, e)
